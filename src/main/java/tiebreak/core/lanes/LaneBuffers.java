package tiebreak.core.lanes;

import static tiebreak.core.lanes.LaneMath.O;

import java.util.List;
import org.ejml.EjmlParameters;
import org.ejml.data.DMatrixRMaj;
import tiebreak.core.net.Activation;
import tiebreak.core.net.Parameters;

/**
 * The lane kernel's working set for one architecture: each parameter block, its gradient and optimizer
 * state as lane arrays ({@code [O + element * L + lane]}), the per-sample buffers of a block of
 * {@link #SLOTS} samples, and EJML's summation rules for each layer. Shaped once per architecture and
 * reused; the pieces ({@link LaneForward}, {@link LaneBackward}, {@link LaneUpdate}) read and write it.
 */
final class LaneBuffers {
    static final int L = LaneMath.L;
    /** Samples per block: each weight and gradient element is loaded once per block, not once per sample. */
    static final int SLOTS = 4;

    int layers;
    int[] fanIn = new int[0];
    int[] fanOut = new int[0];
    // Where EJML starts a sum at 0.0 rather than at its first product (only the sign of a zero differs)
    boolean[] forwardFromZero = new boolean[0];
    boolean[] gradientFromZero = new boolean[0];
    boolean[] upstreamFromZero = new boolean[0];
    double[][] theta = new double[0][];
    double[][] grad = new double[0][];
    double[][] first = new double[0][];     // momentum v, Adam m, RMSprop s
    double[][] second = new double[0][];    // Adam v
    double[][] rate = new double[0][];      // learning-rate factors under jitter, else null
    // per-sample buffers, [slot][layer][O + unit * L + lane]; for a hidden layer pre, act and delta are one
    // array (see shape), for the output layer three
    double[][][] pre = new double[SLOTS][0][];
    double[][][] act = new double[SLOTS][0][];
    double[][][] delta = new double[SLOTS][0][];
    double[][] input = new double[SLOTS][0];
    double[] upstream = new double[0];     // δ_l W_lᵀ of one sample, under dropout and for the tail
    // softmax cross-entropy (classification tasks) instead of MSE, set per batch; its scratch: one sample's
    // exp(ŷ − max) per output, and each lane's max and log-sum-exp
    boolean crossEntropy;
    double[] softmax = new double[0];
    final double[] rowMax = new double[L];
    final double[] logSumExp = new double[L];
    // inverted dropout: the masks of the step's rows, [layer][O + (row * width + unit) * L + lane], and each
    // slot's dropped activations, the next layer's input
    double[][] mask = new double[0][];
    double[][][] dropped = new double[SLOTS][0][];
    // GELU's scratch, and whether a hidden layer's pre-activations have an array of their own: GELU's f' is a
    // function of z alone, so its forward pass writes f'(z) over z there for the backward pass to read
    LaneGelu gelu;
    private boolean ownPre;
    private List<Integer> widths;
    private boolean jitter;

    /** Whether {@link #shape} would keep these buffers. */
    boolean fits(List<Integer> widths, boolean jitter, Activation f) {
        return widths.equals(this.widths) && jitter == this.jitter && (f == Activation.GELU) == ownPre;
    }

    /** Buffers and summation rules for these widths and activation; with {@code jitter}, learning-rate factors too. */
    void shape(List<Integer> widths, boolean jitter, Activation f) {
        this.widths = List.copyOf(widths);
        this.jitter = jitter;
        ownPre = f == Activation.GELU;
        layers = widths.size() - 1;
        fanIn = new int[layers];
        fanOut = new int[layers];
        forwardFromZero = new boolean[layers];
        gradientFromZero = new boolean[layers];
        upstreamFromZero = new boolean[layers];
        theta = new double[2 * layers][];
        grad = new double[2 * layers][];
        first = new double[2 * layers][];
        second = new double[2 * layers][];
        rate = new double[2 * layers][];
        pre = new double[SLOTS][layers][];
        act = new double[SLOTS][layers][];
        delta = new double[SLOTS][layers][];
        int widest = 0;
        int sw = EjmlParameters.MULT_COLUMN_SWITCH;
        for (int l = 0; l < layers; l++) {
            int fi = widths.get(l);
            int fo = widths.get(l + 1);
            fanIn[l] = fi;
            fanOut[l] = fo;
            // CommonOps_DDRM.mult: a vector product or mult_reorder start at the first product, mult_small at 0
            forwardFromZero[l] = fo != 1 && fo < sw;
            // multTransA: the _reorder variants start at the first product, the _small ones at 0
            gradientFromZero[l] = fo == 1 ? fi < sw : fi < sw && fo < sw;
            // multTransB: MatrixMatrixMult.multTransB starts at 0, a vector product (one row) at the first product
            upstreamFromZero[l] = fi != 1;
            for (int b = 2 * l; b <= 2 * l + 1; b++) {
                int size = (b == 2 * l ? fi * fo : fo) * L;
                theta[b] = LaneMath.buffer(size);
                grad[b] = LaneMath.buffer(size);
                first[b] = LaneMath.buffer(size);
                second[b] = LaneMath.buffer(size);
                rate[b] = jitter ? LaneMath.buffer(size) : null;
            }
            for (int q = 0; q < SLOTS; q++) {
                pre[q][l] = LaneMath.buffer(fo * L);
                // A hidden layer's sample buffer holds its pre-activations, then its activations (every f' here
                // is read from the activation: relu's z > 0 is a > 0), then its errors, each written over the last
                // once read (the layer's activations are read as the next layer's gradient input before its
                // errors are written, element by element). One buffer instead of three keeps the working set in
                // L1: +8% for the activations, and more for the errors. Under GELU the pre-activations keep an
                // array of their own (ownPre), where f'(z) replaces z.
                boolean hidden = l < layers - 1;
                act[q][l] = hidden && !ownPre ? pre[q][l] : LaneMath.buffer(fo * L);
                delta[q][l] = hidden ? act[q][l] : LaneMath.buffer(fo * L);
            }
            widest = Math.max(widest, Math.max(fi, fo));
        }
        input = new double[SLOTS][];
        for (int q = 0; q < SLOTS; q++) {
            input[q] = LaneMath.buffer(widths.get(0) * L);
        }
        upstream = LaneMath.buffer(widest * L);
        gelu = ownPre ? new LaneGelu(Math.max(widest, SLOTS) * L) : null;
        softmax = LaneMath.buffer(widths.get(layers) * L);
        mask = new double[0][];     // other widths: the dropout buffers are shaped afresh
    }

    /** Dropout masks for up to {@code rows} rows (allocates only when they must grow). */
    void shapeDropout(int rows) {
        if (mask.length == layers && mask[0] != null && mask[0].length >= O + rows * fanOut[0] * L) {
            return;
        }
        mask = new double[layers][];
        dropped = new double[SLOTS][layers][];
        for (int l = 0; l < layers - 1; l++) {
            mask[l] = LaneMath.buffer(rows * fanOut[l] * L);
            for (int q = 0; q < SLOTS; q++) {
                dropped[q][l] = LaneMath.buffer(fanOut[l] * L);
            }
        }
    }

    /**
     * a = f(z) over {@code count} elements of lane arrays (a may be z); for GELU, with {@code derivative}, also
     * f'(z) written over z, where {@link LaneErrors} reads it.
     */
    void activate(Activation f, double[] z, double[] a, int count, boolean derivative) {
        if (f == Activation.GELU) {
            gelu.forward(z, a, derivative ? z : null, count);
        } else {
            LaneMath.forward(f, z, a, count);
        }
    }

    /** What the backward pass reads f' from for the sample in slot q and hidden layer l: a = f(z), or GELU's f'(z). */
    double[] derivativeSource(int q, int l) {
        return ownPre ? pre[q][l] : act[q][l];
    }

    /** The input of layer l for the sample in slot q: the data, or the previous layer's (dropped) activations. */
    double[] layerInput(int q, int l, boolean dropping) {
        return l == 0 ? input[q] : dropping ? dropped[q][l - 1] : act[q][l - 1];
    }

    /** Lane i takes the parameters in {@code from}, its optimizer state starting at zero. */
    void pack(int i, Parameters from) {
        for (int b = 0; b < 2 * layers; b++) {
            double[] source = from.block(b).data;
            int size = from.block(b).getNumElements();
            for (int e = 0; e < size; e++) {
                theta[b][O + e * L + i] = source[e];
                first[b][O + e * L + i] = 0.0;
                second[b][O + e * L + i] = 0.0;
            }
        }
    }

    /** Lane i's learning-rate factor of element e of block b. */
    void setRate(int b, int e, int i, double factor) {
        rate[b][O + e * L + i] = factor;
    }

    /** Elements of block b. */
    int size(int b) {
        return (theta[b].length - O) / L;
    }

    /** Lane {@code to} becomes a copy of lane {@code from}: parameters, optimizer state, rate factors. */
    void copyLane(int from, int to) {
        for (int b = 0; b < 2 * layers; b++) {
            for (double[] array : new double[][] {theta[b], first[b], second[b], rate[b]}) {
                if (array != null) {
                    for (int e = O; e < array.length; e += L) {
                        array[e + to] = array[e + from];
                    }
                }
            }
        }
    }

    /** Lane i's parameters into {@code into} (shaped by the same widths). */
    void unpack(int i, Parameters into) {
        for (int b = 0; b < 2 * layers; b++) {
            DMatrixRMaj block = into.block(b);
            int size = block.getNumElements();
            for (int e = 0; e < size; e++) {
                block.data[e] = theta[b][O + e * L + i];
            }
        }
    }

    /** Whether every parameter of lane i is finite. */
    boolean finite(int i) {
        for (int b = 0; b < 2 * layers; b++) {
            for (int e = O + i; e < theta[b].length; e += L) {
                if (!Double.isFinite(theta[b][e])) {
                    return false;
                }
            }
        }
        return true;
    }
}
