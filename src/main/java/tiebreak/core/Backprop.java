package tiebreak.core;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Forward and backward pass of the MSE loss {@code (1/2n) Σ (ŷ − y)²} over workspaces shaped once per
 * architecture. Every EJML operation used here sums in ascending index order and treats every column
 * alike, so two units with equal parameters get bit-for-bit equal activations and gradients.
 * Neither method allocates.
 */
public final class Backprop {
    private DMatrixRMaj[] pre = new DMatrixRMaj[0];   // Z_l = A_{l-1} W_l + 1 b_l'
    private DMatrixRMaj[] post = new DMatrixRMaj[0];  // A_l = f(Z_l); the output layer's A is Z
    private DMatrixRMaj[] delta = new DMatrixRMaj[0]; // dLoss/dZ_l
    private DMatrixRMaj[] upstream = new DMatrixRMaj[0]; // dLoss/dA_l
    private Activation activation = Activation.LINEAR;

    /** Shapes the workspaces for these widths and n samples; allocates only when a buffer must grow. */
    public void reshape(List<Integer> widths, int samples, Activation activation) {
        this.activation = activation;
        int layers = widths.size() - 1;
        if (pre.length != layers) {
            pre = fresh(layers);
            post = fresh(layers);
            delta = fresh(layers);
            upstream = fresh(layers);
        }
        for (int l = 0; l < layers; l++) {
            int width = widths.get(l + 1);
            pre[l].reshape(samples, width);
            post[l].reshape(samples, width);
            delta[l].reshape(samples, width);
            upstream[l].reshape(samples, width);
        }
    }

    /** Runs the net on x; returns the loss against y. Leaves the activations for {@link #backward}. */
    public double forward(Parameters p, DMatrixRMaj x, DMatrixRMaj y) {
        int last = p.layers() - 1;
        DMatrixRMaj input = x;
        for (int l = 0; l <= last; l++) {
            // Z_l = A_{l-1} W_l + 1 b_l'
            CommonOps_DDRM.mult(input, p.weight(l), pre[l]);
            addRowVector(pre[l], p.bias(l));
            if (l < last) {
                // A_l = f(Z_l)
                activation.forward(pre[l].data, post[l].data, pre[l].getNumElements());
                input = post[l];
            }
        }
        return loss(pre[last], y);
    }

    /** Gradient of the loss at the parameters of the last {@link #forward} call, written into {@code grad}. */
    public void backward(Parameters p, DMatrixRMaj x, DMatrixRMaj y, Parameters grad) {
        int last = p.layers() - 1;
        // dZ_out = (ŷ − y) / n
        DMatrixRMaj out = pre[last];
        DMatrixRMaj dOut = delta[last];
        int size = out.getNumElements();
        double n = out.numRows;
        for (int k = 0; k < size; k++) {
            dOut.data[k] = (out.data[k] - y.data[k]) / n;
        }
        for (int l = last; l >= 0; l--) {
            DMatrixRMaj input = l == 0 ? x : post[l - 1];
            // gW_l = A_{l-1}' dZ_l ; gb_l = 1' dZ_l
            CommonOps_DDRM.multTransA(input, delta[l], grad.weight(l));
            columnSums(delta[l], grad.bias(l));
            if (l > 0) {
                // dA_{l-1} = dZ_l W_l' ; dZ_{l-1} = dA_{l-1} ⊙ f'(Z_{l-1})
                CommonOps_DDRM.multTransB(delta[l], p.weight(l), upstream[l - 1]);
                activation.backward(upstream[l - 1].data, pre[l - 1].data, post[l - 1].data, delta[l - 1].data,
                        pre[l - 1].getNumElements());
            }
        }
    }

    private static double loss(DMatrixRMaj out, DMatrixRMaj y) {
        int size = out.getNumElements();
        double sum = 0.0;
        for (int k = 0; k < size; k++) {
            double r = out.data[k] - y.data[k];
            sum += r * r;
        }
        return sum / (2.0 * out.numRows);
    }

    private static void addRowVector(DMatrixRMaj m, DMatrixRMaj row) {
        int cols = m.numCols;
        for (int r = 0; r < m.numRows; r++) {
            int offset = r * cols;
            for (int c = 0; c < cols; c++) {
                m.data[offset + c] += row.data[c];
            }
        }
    }

    private static void columnSums(DMatrixRMaj m, DMatrixRMaj sums) {
        int cols = m.numCols;
        java.util.Arrays.fill(sums.data, 0, cols, 0.0);
        for (int r = 0; r < m.numRows; r++) {
            int offset = r * cols;
            for (int c = 0; c < cols; c++) {
                sums.data[c] += m.data[offset + c];
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
