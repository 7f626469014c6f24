package tiebreak.core.net;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import tiebreak.core.math.Float32;
import tiebreak.core.math.Rng;

/**
 * Weights and biases of a fully connected net with widths {@code [d, h1, ..., hL, k]}: for layer l
 * (0-based, L+1 of them) a {@code fanIn × fanOut} weight matrix, row-major, and a {@code 1 × fanOut} bias.
 * Column u of {@code weight(l)} and entry u of {@code bias(l)} are the incoming parameters of unit u of
 * hidden layer l+1; row u of {@code weight(l+1)} holds its outgoing weights. Gradients use the same shape.
 */
public final class Parameters {
    private DMatrixRMaj[] weights = new DMatrixRMaj[0];
    private DMatrixRMaj[] biases = new DMatrixRMaj[0];

    /** Shapes the buffers for these widths; allocates only when a buffer must grow. */
    public void reshape(List<Integer> widths) {
        int layers = widths.size() - 1;
        if (weights.length != layers) {
            weights = new DMatrixRMaj[layers];
            biases = new DMatrixRMaj[layers];
            for (int l = 0; l < layers; l++) {
                weights[l] = new DMatrixRMaj(1, 1);
                biases[l] = new DMatrixRMaj(1, 1);
            }
        }
        for (int l = 0; l < layers; l++) {
            weights[l].reshape(widths.get(l), widths.get(l + 1));
            biases[l].reshape(1, widths.get(l + 1));
        }
    }

    public int layers() {
        return weights.length;
    }

    /** Number of blocks: weight and bias of every layer, in the order W_0, b_0, W_1, b_1, .... */
    public int blocks() {
        return 2 * weights.length;
    }

    /** Block b of {@link #blocks()}. */
    public DMatrixRMaj block(int b) {
        return (b & 1) == 0 ? weights[b >> 1] : biases[b >> 1];
    }

    /** Whether block b holds weights (not biases): weight decay applies to weights only. */
    public static boolean isWeightBlock(int b) {
        return (b & 1) == 0;
    }

    /** Total number of parameters. */
    public int size() {
        int size = 0;
        for (int b = 0; b < blocks(); b++) {
            size += block(b).getNumElements();
        }
        return size;
    }

    /** Sets every element to zero. */
    public void zero() {
        for (int b = 0; b < blocks(); b++) {
            java.util.Arrays.fill(block(b).data, 0, block(b).getNumElements(), 0.0);
        }
    }

    public DMatrixRMaj weight(int layer) {
        return weights[layer];
    }

    public DMatrixRMaj bias(int layer) {
        return biases[layer];
    }

    /** Rounds every parameter to float (for float32 runs). */
    public void roundToFloat() {
        for (int b = 0; b < blocks(); b++) {
            Float32.round(block(b));
        }
    }

    /** Draws every weight in layer order, row-major, from the init stream; zeroes every bias. */
    public void initialise(InitScheme scheme, Rng rng) {
        for (int l = 0; l < weights.length; l++) {
            DMatrixRMaj w = weights[l];
            for (int k = 0; k < w.getNumElements(); k++) {
                w.data[k] = scheme.draw(rng, w.numRows, w.numCols);
            }
            java.util.Arrays.fill(biases[l].data, 0, biases[l].getNumElements(), 0.0);
        }
    }

    /** Whether every parameter is finite. */
    public boolean allFinite() {
        for (int l = 0; l < weights.length; l++) {
            if (!finite(weights[l]) || !finite(biases[l])) {
                return false;
            }
        }
        return true;
    }

    private static boolean finite(DMatrixRMaj m) {
        int size = m.getNumElements();
        for (int k = 0; k < size; k++) {
            if (!Double.isFinite(m.data[k])) {
                return false;
            }
        }
        return true;
    }
}
