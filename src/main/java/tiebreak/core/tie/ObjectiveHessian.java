package tiebreak.core.tie;

import java.util.List;
import tiebreak.core.net.Activation;
import tiebreak.core.net.Backprop;
import tiebreak.core.net.Loss;
import tiebreak.core.net.Parameters;
import tiebreak.core.task.TaskData;

/**
 * The Hessian of a net's whole training objective (the loss on the full data set plus ½λ‖W‖² on the weights)
 * over every parameter, by central differences of backprop's gradient, symmetrised; and what plain gradient
 * descent linearised about a critical point does to a perturbation in {@code steps} steps. For the duplicated
 * unit's start (docs/split-hessian.md), where the split of the pair does not decouple from the rest of the
 * net unless r = ½, so the curvature block A alone gives the signs, not the rates. Parameters are numbered
 * block by block (W_0, b_0, W_1, ...), each row-major.
 */
public final class ObjectiveHessian {
    /** The difference step, relative to max(1, |θ_k|): the truncation error (h²) and rounding (ε/h) both ~1e-10. */
    private static final double STEP = 1e-5;

    private final Backprop backprop = new Backprop();
    private final Parameters probe = new Parameters();
    private final Parameters grad = new Parameters();
    private final int size;

    public ObjectiveHessian(List<Integer> widths, int samples, Activation f, Loss loss) {
        backprop.reshape(widths, samples, f, loss, false);
        probe.reshape(widths);
        grad.reshape(widths);
        size = probe.size();
    }

    public int size() {
        return size;
    }

    /** The Hessian at p (size² doubles, row-major), with weight decay λ on the weight blocks. */
    public double[] matrix(Parameters p, TaskData data, double decay) {
        double[] h = new double[size * size];
        double[] plus = new double[size];
        double[] minus = new double[size];
        copy(p, probe);
        for (int k = 0; k < size; k++) {
            double saved = get(probe, k);
            double step = STEP * Math.max(1.0, Math.abs(saved));
            set(probe, k, saved + step);
            gradient(data, decay, plus);
            set(probe, k, saved - step);
            gradient(data, decay, minus);
            set(probe, k, saved);
            for (int m = 0; m < size; m++) {
                h[m * size + k] = (plus[m] - minus[m]) / (2 * step);
            }
        }
        for (int r = 0; r < size; r++) {
            for (int c = r + 1; c < size; c++) {
                double mean = 0.5 * (h[r * size + c] + h[c * size + r]);
                h[r * size + c] = mean;
                h[c * size + r] = mean;
            }
        }
        return h;
    }

    /**
     * ln(‖δ_T‖ / ‖δ_0‖) for e_T = (I − ηH)^T e_0, where δ is the difference of the parameters {@code plus[d]}
     * and {@code minus[d]} of e, given H's eigenvalues (ascending) and eigenvectors (column k for value k).
     * Computed mode by mode in logarithms, scaled by the largest factor among the modes that reach δ, so that
     * neither a growing nor a vanishing factor over- or underflows: −∞ where no mode of e_0 reaches δ_T (it is
     * exactly zero), NaN where δ_0 is zero or anything is not finite.
     */
    public static double logSplitChange(double[] values, double[] vectors, double[] e0, int[] plus, int[] minus,
            double lr, int steps) {
        int n = values.length;
        double start = 0;
        for (int d = 0; d < plus.length; d++) {
            double first = e0[plus[d]] - e0[minus[d]];
            start += first * first;
        }
        if (!(start > 0) || !Double.isFinite(start)) {
            return Double.NaN;
        }
        for (double value : values) {
            if (!Double.isFinite(value)) {
                return Double.NaN;
            }
        }
        double[] coefficient = new double[n];
        double[] logFactor = new double[n];
        boolean[] reaches = new boolean[n];
        double top = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            double c = 0;
            for (int m = 0; m < n; m++) {
                c += vectors[m * n + k] * e0[m];
            }
            double factor = 1.0 - lr * values[k];
            coefficient[k] = (factor < 0 && (steps & 1) == 1) ? -c : c;
            logFactor[k] = steps * StrictMath.log(Math.abs(factor));
            for (int d = 0; d < plus.length && c != 0 && factor != 0; d++) {
                reaches[k] |= vectors[plus[d] * n + k] != vectors[minus[d] * n + k];
            }
            if (reaches[k] && logFactor[k] > top) {
                top = logFactor[k];
            }
        }
        if (top == Double.NEGATIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        double end = 0;
        for (int d = 0; d < plus.length; d++) {
            double later = 0;
            for (int k = 0; k < n; k++) {
                if (reaches[k]) {
                    double scale = StrictMath.exp(logFactor[k] - top);
                    later += coefficient[k] * scale * (vectors[plus[d] * n + k] - vectors[minus[d] * n + k]);
                }
            }
            end += later * later;
        }
        return top + 0.5 * StrictMath.log(end) - 0.5 * StrictMath.log(start);
    }

    /** The flat index of row {@code row}, column {@code col} of block {@code b}. */
    public static int index(Parameters p, int b, int row, int col) {
        int offset = 0;
        for (int k = 0; k < b; k++) {
            offset += p.block(k).getNumElements();
        }
        return offset + row * p.block(b).numCols + col;
    }

    /** All parameters of p in the flat order. */
    public static double[] flatten(Parameters p) {
        double[] flat = new double[p.size()];
        int at = 0;
        for (int b = 0; b < p.blocks(); b++) {
            int count = p.block(b).getNumElements();
            System.arraycopy(p.block(b).data, 0, flat, at, count);
            at += count;
        }
        return flat;
    }

    /** The objective's gradient at p, in the flat order. */
    public double[] gradient(Parameters p, TaskData data, double decay) {
        copy(p, probe);
        double[] g = new double[size];
        gradient(data, decay, g);
        return g;
    }

    private void gradient(TaskData data, double decay, double[] into) {
        backprop.forward(probe, data.x, data.y, false);
        backprop.backward(probe, data.x, data.y, grad, false);
        int at = 0;
        for (int b = 0; b < grad.blocks(); b++) {
            double[] g = grad.block(b).data;
            double[] theta = probe.block(b).data;
            boolean decayed = decay > 0 && Parameters.isWeightBlock(b);
            for (int e = 0; e < grad.block(b).getNumElements(); e++) {
                into[at++] = decayed ? g[e] + decay * theta[e] : g[e];
            }
        }
    }

    private static void copy(Parameters from, Parameters to) {
        for (int b = 0; b < from.blocks(); b++) {
            System.arraycopy(from.block(b).data, 0, to.block(b).data, 0, from.block(b).getNumElements());
        }
    }

    private static double get(Parameters p, int k) {
        for (int b = 0; b < p.blocks(); b++) {
            int count = p.block(b).getNumElements();
            if (k < count) {
                return p.block(b).data[k];
            }
            k -= count;
        }
        throw new IndexOutOfBoundsException();
    }

    private static void set(Parameters p, int k, double value) {
        for (int b = 0; b < p.blocks(); b++) {
            int count = p.block(b).getNumElements();
            if (k < count) {
                p.block(b).data[k] = value;
                return;
            }
            k -= count;
        }
        throw new IndexOutOfBoundsException();
    }
}
