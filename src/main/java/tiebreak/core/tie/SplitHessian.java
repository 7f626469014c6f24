package tiebreak.core.tie;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import tiebreak.core.net.Activation;
import tiebreak.core.net.Loss;
import tiebreak.core.net.Parameters;
import tiebreak.core.math.SymmetricEigen;
import tiebreak.core.spec.OptimizerSpec;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.TieMode;
import tiebreak.core.spec.Training;

/**
 * The Hessian of the loss in the split direction of a tied pair (docs/split-hessian.md): with the pair's
 * parameters written θ_i = m + a and θ_j = m − a, plain gradient descent moves the split as
 * a ← (I − η H_aa) a to first order, where, at the symmetric point m,
 *
 * <pre>
 *   H_aa = [ (1/n) Σ_s (g_s·v) f''(z_s) u_s u_sᵀ    (1/n) Σ_s f'(z_s) u_s g_sᵀ ]
 *          [ (1/n) Σ_s f'(z_s) g_s u_sᵀ             0                         ]
 * </pre>
 *
 * u_s the unit's input for sample s with a 1 appended (its bias), z_s its pre-activation, v its outgoing
 * weights, g_s = ∂ℓ_s/∂z' the loss's derivative for sample s at the next layer's pre-activations (the
 * residual ŷ_s − y_s where that layer is the output, under MSE). Rows and columns: the unit's incoming
 * weights, its bias, its outgoing weights. The Gauss–Newton part of the Hessian cancels between the two
 * units, since at the tie the output does not change to first order along a.
 *
 * <p>Computed at the symmetric point nearest the parameters (both units set to their mean), over the full
 * training set with no dropout or noise; for any depth and either loss. Workspaces are shaped once per
 * architecture; a call allocates only a few arrays of {@link #size()} or {@link #size()}² doubles.
 */
public final class SplitHessian {
    private final List<Integer> widths;
    private final int inLayer;     // the tie layer's incoming weight block: weight(inLayer), bias(inLayer)
    private final int i;
    private final int j;
    private final Activation f;
    private final Loss loss;
    private final int fanIn;
    private final int fanOut;
    private final int size;
    private final Parameters mid = new Parameters();
    private final DMatrixRMaj[] pre;
    private final DMatrixRMaj[] act;
    private final DMatrixRMaj[] g;
    private final double[] matrix;
    private final double[] shifted;
    private final double[] work;

    /** For the pair (i, j) of hidden layer {@code tieLayer} (1-based) of a net of these widths. */
    public SplitHessian(List<Integer> widths, int tieLayer, int i, int j, Activation f, Loss loss) {
        if (tieLayer < 1 || tieLayer > widths.size() - 2) {
            throw new IllegalArgumentException("tie layer " + tieLayer + " is not a hidden layer of " + widths);
        }
        this.widths = List.copyOf(widths);
        this.inLayer = tieLayer - 1;
        this.i = i;
        this.j = j;
        this.f = f;
        this.loss = loss;
        this.fanIn = widths.get(tieLayer - 1);
        this.fanOut = widths.get(tieLayer + 1);
        this.size = fanIn + 1 + fanOut;
        mid.reshape(widths);
        int layers = widths.size() - 1;
        pre = fresh(layers);
        act = fresh(layers);
        g = fresh(layers);
        matrix = new double[size * size];
        shifted = new double[size * size];
        work = new double[size * size];
    }

    /** For the run's tied pair (its first two units), or null where the run does not measure it. */
    public static SplitHessian forRun(RunSpec spec) {
        if (!measures(spec)) {
            return null;
        }
        return new SplitHessian(spec.widths(), spec.tieLayer(), spec.tieUnits().get(0), spec.tieUnits().get(1),
                spec.activation(), spec.task().loss());
    }

    /** Whether the run measures H_aa: asked for, and a tie whose units are interchangeable (in+out or all). */
    public static boolean measures(RunSpec spec) {
        return spec.training().splitHessian() && (spec.tieMode() == TieMode.IN_OUT || spec.tieMode() == TieMode.ALL);
    }

    /**
     * Whether the split of this run evolves by a ← (I − η(H_aa + λD)) a: plain gradient descent on the full
     * batch, weight decay allowed, nothing else that changes the step (float32 allowed: it rounds, the
     * linearisation is the same).
     */
    public static boolean predictsGrowth(RunSpec spec) {
        Training t = spec.training();
        return t.optimizer().equals(OptimizerSpec.SGD) && t.batchSize() == 0 && t.dropout() == 0 && t.gradNoise() == 0
                && t.lrJitter() == 0 && !t.sequential() && !t.finiteDifference() && t.labelNoise() == 0
                && t.inputNoise() == 0;
    }

    /** Rows (and columns) of H_aa: incoming weights, bias, outgoing weights. */
    public int size() {
        return size;
    }

    /** H_aa (row-major, {@link #size()}²; a view, overwritten by the next call) at the pair's symmetric point. */
    public double[] matrix(Parameters p, DMatrixRMaj x, DMatrixRMaj y) {
        symmetrise(p);
        forward(x);
        int rows = x.numRows;
        int last = widths.size() - 2;
        loss.gradient(pre[last], y, g[last]);          // (1/n) ∂ℓ_s/∂ŷ_s: the 1/n of H_aa is in g
        for (int l = last - 1; l >= inLayer + 1; l--) {
            backOneLayer(l, rows);
        }
        java.util.Arrays.fill(matrix, 0.0);
        DMatrixRMaj input = inLayer == 0 ? x : act[inLayer - 1];
        DMatrixRMaj v = mid.weight(inLayer + 1);
        DMatrixRMaj gNext = g[inLayer + 1];            // ∂L/∂z' at the next layer, the 1/n included
        DMatrixRMaj z = pre[inLayer];
        DMatrixRMaj a = act[inLayer];
        int width = z.numCols;
        for (int s = 0; s < rows; s++) {
            double zs = z.data[s * width + i];
            double as = a.data[s * width + i];
            double d1 = f.derivative(zs, as);
            double d2 = f.secondDerivative(zs, as);
            double gv = 0.0;
            for (int o = 0; o < fanOut; o++) {
                gv += gNext.data[s * fanOut + o] * v.data[i * fanOut + o];
            }
            double curvature = gv * d2;
            for (int r = 0; r <= fanIn; r++) {
                double ur = r < fanIn ? input.data[s * fanIn + r] : 1.0;
                for (int c = r; c <= fanIn; c++) {
                    double uc = c < fanIn ? input.data[s * fanIn + c] : 1.0;
                    matrix[r * size + c] += curvature * ur * uc;
                }
                for (int o = 0; o < fanOut; o++) {
                    matrix[r * size + fanIn + 1 + o] += d1 * ur * gNext.data[s * fanOut + o];
                }
            }
        }
        for (int r = 0; r < size; r++) {
            for (int c = 0; c < r; c++) {
                matrix[r * size + c] = matrix[c * size + r];
            }
        }
        return matrix;
    }

    /** Takes {@code given} (row-major, {@link #size()}²) as the matrix the decompositions below work on. */
    public void use(double[] given) {
        System.arraycopy(given, 0, matrix, 0, matrix.length);
    }

    /**
     * The eigenvalues of H_aa + λD for the matrix of the last {@link #matrix} call, ascending, and its
     * eigenvectors into {@code vectors} (column k for eigenvalue k): D is 1 on the weights and 0 on the bias,
     * since weight decay skips biases. The matrix is left as it was.
     */
    public double[] decomposeWithDecay(double lambda, double[] vectors) {
        System.arraycopy(matrix, 0, shifted, 0, matrix.length);
        for (int k = 0; k < size; k++) {
            if (k != fanIn) {
                shifted[k * size + k] += lambda;
            }
        }
        return SymmetricEigen.decompose(shifted, size, work, vectors);
    }

    /**
     * The split a = (θ_i − θ_j)/2 of the pair in p, in the coordinates of H_aa (incoming weights, bias,
     * outgoing weights), into {@code into}.
     */
    public void split(Parameters p, double[] into) {
        DMatrixRMaj w = p.weight(inLayer);
        for (int r = 0; r < fanIn; r++) {
            into[r] = 0.5 * (w.data[r * w.numCols + i] - w.data[r * w.numCols + j]);
        }
        DMatrixRMaj b = p.bias(inLayer);
        into[fanIn] = 0.5 * (b.data[i] - b.data[j]);
        DMatrixRMaj v = p.weight(inLayer + 1);
        for (int c = 0; c < fanOut; c++) {
            into[fanIn + 1 + c] = 0.5 * (v.data[i * fanOut + c] - v.data[j * fanOut + c]);
        }
    }

    /**
     * The per-step log-growth of |a| over the next {@code steps} steps that a ← (I − η M) a predicts from the
     * split a, M = H_aa + λD with eigenvalues m_k and eigenvectors v_k: with c_k = v_k·a/|a|,
     * (1/steps) ln |(I − ηM)^steps a|/|a| = (1/(2 steps)) ln Σ_k c_k² (1 − η m_k)^(2 steps),
     * summed in logarithms (no power overflows). NaN for a = 0.
     */
    public double predictedRate(double[] values, double[] vectors, double[] a, double lr, int steps) {
        double norm = 0.0;
        for (int r = 0; r < size; r++) {
            norm += a[r] * a[r];
        }
        if (!(norm > 0.0) || !Double.isFinite(norm)) {
            return Double.NaN;
        }
        double[] terms = new double[size];
        double largest = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < size; k++) {
            double c = 0.0;
            for (int r = 0; r < size; r++) {
                c += vectors[r * size + k] * a[r];
            }
            double factor = Math.abs(1.0 - lr * values[k]);
            terms[k] = c == 0.0 || factor == 0.0 ? Double.NEGATIVE_INFINITY
                    : StrictMath.log(c * c / norm) + 2.0 * steps * StrictMath.log(factor);
            largest = Math.max(largest, terms[k]);
        }
        if (largest == Double.NEGATIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        double sum = 0.0;
        for (int k = 0; k < size; k++) {
            sum += StrictMath.exp(terms[k] - largest);
        }
        return (largest + StrictMath.log(sum)) / (2.0 * steps);
    }

    /** mid = p with units i and j of the tie layer both set to their mean. */
    private void symmetrise(Parameters p) {
        for (int b = 0; b < p.blocks(); b++) {
            System.arraycopy(p.block(b).data, 0, mid.block(b).data, 0, p.block(b).getNumElements());
        }
        DMatrixRMaj w = mid.weight(inLayer);
        for (int r = 0; r < w.numRows; r++) {
            meanOf(w.data, r * w.numCols + i, r * w.numCols + j);
        }
        meanOf(mid.bias(inLayer).data, i, j);
        DMatrixRMaj v = mid.weight(inLayer + 1);
        for (int c = 0; c < v.numCols; c++) {
            meanOf(v.data, i * v.numCols + c, j * v.numCols + c);
        }
    }

    private static void meanOf(double[] data, int a, int b) {
        double mean = 0.5 * data[a] + 0.5 * data[b];
        data[a] = mean;
        data[b] = mean;
    }

    private void forward(DMatrixRMaj x) {
        int rows = x.numRows;
        DMatrixRMaj input = x;
        int last = widths.size() - 2;
        for (int l = 0; l <= last; l++) {
            DMatrixRMaj w = mid.weight(l);
            DMatrixRMaj b = mid.bias(l);
            int in = w.numRows;
            int out = w.numCols;
            pre[l].reshape(rows, out);
            act[l].reshape(rows, out);
            for (int s = 0; s < rows; s++) {
                for (int u = 0; u < out; u++) {
                    double sum = 0.0;
                    for (int k = 0; k < in; k++) {
                        sum += input.data[s * in + k] * w.data[k * out + u];
                    }
                    double zs = sum + b.data[u];
                    pre[l].data[s * out + u] = zs;
                    act[l].data[s * out + u] = l < last ? f.apply(zs) : zs;
                }
            }
            input = act[l];
        }
        for (int l = 0; l <= last; l++) {
            g[l].reshape(rows, pre[l].numCols);
        }
    }

    /** g[l] = (g[l+1] W_{l+1}ᵀ) ⊙ f'(z_l). */
    private void backOneLayer(int l, int rows) {
        DMatrixRMaj w = mid.weight(l + 1);
        int in = w.numRows;
        int out = w.numCols;
        for (int s = 0; s < rows; s++) {
            for (int k = 0; k < in; k++) {
                double sum = 0.0;
                for (int u = 0; u < out; u++) {
                    sum += g[l + 1].data[s * out + u] * w.data[k * out + u];
                }
                int at = s * in + k;
                g[l].data[at] = sum * f.derivative(pre[l].data[at], act[l].data[at]);
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
