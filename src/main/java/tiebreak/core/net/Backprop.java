package tiebreak.core.net;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import tiebreak.core.math.Float32;

/**
 * Forward and backward pass over workspaces shaped once per architecture (each call reshapes them to its
 * batch's row count, which allocates nothing once the full data set has fitted). Every matrix operation sums
 * in ascending index order and treats every column alike, so interchangeable units get bit-for-bit equal
 * activations and gradients. Optional: inverted-dropout masks on the hidden layers, and float32 arithmetic
 * ({@link Float32}).
 */
public final class Backprop {
    private DMatrixRMaj[] pre = new DMatrixRMaj[0];      // Z_l = A_{l-1} W_l + 1 b_l'
    private DMatrixRMaj[] act = new DMatrixRMaj[0];      // f(Z_l); the output layer's is unused
    private DMatrixRMaj[] dropped = new DMatrixRMaj[0];  // f(Z_l) ⊙ M_l, the next layer's input under dropout
    private DMatrixRMaj[] mask = new DMatrixRMaj[0];     // M_l: 0 or 1/(1−p) per sample and unit
    private DMatrixRMaj[] delta = new DMatrixRMaj[0];    // dLoss/dZ_l
    private DMatrixRMaj[] upstream = new DMatrixRMaj[0]; // dLoss/dA_l
    private Activation activation = Activation.LINEAR;
    private Loss loss = Loss.MSE;
    private boolean float32;

    /** Shapes the workspaces for these widths and up to {@code rows} samples; allocates only when a buffer must grow. */
    public void reshape(List<Integer> widths, int rows, Activation activation, Loss loss, boolean float32) {
        this.activation = activation;
        this.loss = loss;
        this.float32 = float32;
        int layers = widths.size() - 1;
        if (pre.length != layers) {
            pre = fresh(layers);
            act = fresh(layers);
            dropped = fresh(layers);
            mask = fresh(layers);
            delta = fresh(layers);
            upstream = fresh(layers);
        }
        for (int l = 0; l < layers; l++) {
            int width = widths.get(l + 1);
            for (DMatrixRMaj[] buffers : List.of(pre, act, dropped, mask, delta, upstream)) {
                buffers[l].reshape(rows, width);
            }
        }
    }

    /** The dropout mask of hidden layer l (0-based), shaped for {@code rows} samples, for the caller to fill. */
    public DMatrixRMaj mask(int layer, int rows) {
        mask[layer].reshape(rows, pre[layer].numCols);
        return mask[layer];
    }

    /**
     * Runs the net on x (with the masks last filled when {@code withDropout}); returns the loss against y and
     * leaves the activations for {@link #backward}.
     */
    public double forward(Parameters p, DMatrixRMaj x, DMatrixRMaj y, boolean withDropout) {
        int last = p.layers() - 1;
        int rows = x.numRows;
        DMatrixRMaj input = x;
        for (int l = 0; l <= last; l++) {
            // Z_l = A_{l-1} W_l + 1 b_l'
            pre[l].reshape(rows, p.weight(l).numCols);
            multiply(input, p.weight(l), pre[l]);
            addRowVector(pre[l], p.bias(l));
            if (l < last) {
                // A_l = f(Z_l), under dropout A_l ⊙ M_l
                act[l].reshape(rows, pre[l].numCols);
                activation.forward(pre[l].data, act[l].data, pre[l].getNumElements());
                store(act[l]);
                input = act[l];
                if (withDropout) {
                    dropped[l].reshape(rows, pre[l].numCols);
                    CommonOps_DDRM.elementMult(act[l], mask[l], dropped[l]);
                    store(dropped[l]);
                    input = dropped[l];
                }
            }
        }
        return loss.value(pre[last], y);
    }

    /** Gradient of the loss at the parameters of the last {@link #forward} call, written into {@code grad}. */
    public void backward(Parameters p, DMatrixRMaj x, DMatrixRMaj y, Parameters grad, boolean withDropout) {
        int last = p.layers() - 1;
        int rows = x.numRows;
        // dZ_out = dLoss/dŷ
        delta[last].reshape(rows, pre[last].numCols);
        loss.gradient(pre[last], y, delta[last]);
        store(delta[last]);
        for (int l = last; l >= 0; l--) {
            DMatrixRMaj input = l == 0 ? x : withDropout ? dropped[l - 1] : act[l - 1];
            // gW_l = A_{l-1}' dZ_l ; gb_l = 1' dZ_l
            multiplyTransA(input, delta[l], grad.weight(l));
            columnSums(delta[l], grad.bias(l));
            store(grad.weight(l));
            store(grad.bias(l));
            if (l > 0) {
                // dA_{l-1} = dZ_l W_l' (⊙ M_{l-1} under dropout) ; dZ_{l-1} = dA_{l-1} ⊙ f'(Z_{l-1})
                upstream[l - 1].reshape(rows, pre[l - 1].numCols);
                multiplyTransB(delta[l], p.weight(l), upstream[l - 1]);
                if (withDropout) {
                    CommonOps_DDRM.elementMult(upstream[l - 1], mask[l - 1]);
                }
                store(upstream[l - 1]);
                delta[l - 1].reshape(rows, pre[l - 1].numCols);
                activation.backward(upstream[l - 1].data, pre[l - 1].data, act[l - 1].data, delta[l - 1].data,
                        pre[l - 1].getNumElements());
                store(delta[l - 1]);
            }
        }
    }

    /** The network's output for the last {@link #forward} call. */
    public DMatrixRMaj output() {
        return pre[pre.length - 1];
    }

    private void multiply(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (float32) {
            Float32.mult(a, b, c);
        } else {
            CommonOps_DDRM.mult(a, b, c);
        }
    }

    private void multiplyTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (float32) {
            Float32.multTransA(a, b, c);
        } else {
            CommonOps_DDRM.multTransA(a, b, c);
        }
    }

    private void multiplyTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (float32) {
            Float32.multTransB(a, b, c);
        } else {
            CommonOps_DDRM.multTransB(a, b, c);
        }
    }

    private void store(DMatrixRMaj m) {
        if (float32) {
            Float32.round(m);
        }
    }

    private void addRowVector(DMatrixRMaj m, DMatrixRMaj row) {
        int cols = m.numCols;
        for (int r = 0; r < m.numRows; r++) {
            int offset = r * cols;
            for (int c = 0; c < cols; c++) {
                m.data[offset + c] += row.data[c];
            }
        }
        store(m);
    }

    private void columnSums(DMatrixRMaj m, DMatrixRMaj sums) {
        int cols = m.numCols;
        java.util.Arrays.fill(sums.data, 0, cols, 0.0);
        for (int r = 0; r < m.numRows; r++) {
            int offset = r * cols;
            for (int c = 0; c < cols; c++) {
                sums.data[c] += m.data[offset + c];
                if (float32) {
                    sums.data[c] = (float) sums.data[c];
                }
            }
        }
    }

    private static DMatrixRMaj[] fresh(int count) {
        DMatrixRMaj[] result = new DMatrixRMaj[count];
        for (int k = 0; k < count; k++) {
            result[k] = new DMatrixRMaj(1, 1);
        }
        return result;
    }
}
