package tiebreak.core.tie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import tiebreak.core.math.Rng;
import tiebreak.core.math.SymmetricEigen;
import tiebreak.core.net.Activation;
import tiebreak.core.net.Backprop;
import tiebreak.core.net.InitScheme;
import tiebreak.core.net.Loss;
import tiebreak.core.net.Parameters;
import tiebreak.core.spec.TaskSpec;
import tiebreak.core.task.TaskData;

/** The whole objective's Hessian by differences of the gradient, and linearised gradient descent's split. */
class ObjectiveHessianTest {

    /**
     * dᵀHd against second differences of the objective itself (no gradient involved), along random
     * directions, with and without weight decay.
     */
    @ParameterizedTest(name = "{0}, decay {1}")
    @CsvSource({"tanh, 0.0", "sigmoid, 0.01", "gelu, 0.0"})
    void theQuadraticFormIsTheObjectivesSecondDerivative(String activation, double decay) {
        Activation f = Activation.parse(activation);
        List<Integer> widths = List.of(3, 4, 2, 1);
        TaskData data = new TaskData();
        data.generate(TaskSpec.teacher(3, 2, 24, 0.1), 5);
        Parameters p = new Parameters();
        p.reshape(widths);
        p.initialise(InitScheme.LECUN_NORMAL, Rng.stream(3, Rng.Purpose.INIT));
        ObjectiveHessian hessian = new ObjectiveHessian(widths, data.samples(), f, Loss.MSE);
        double[] h = hessian.matrix(p, data, decay);
        int n = hessian.size();
        Rng rng = Rng.stream(9, Rng.Purpose.INIT);
        Backprop backprop = new Backprop();
        backprop.reshape(widths, data.samples(), f, Loss.MSE, false);
        for (int trial = 0; trial < 3; trial++) {
            double[] d = new double[n];
            for (int k = 0; k < n; k++) {
                d[k] = rng.nextGaussian();
            }
            double form = 0;
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) {
                    form += d[r] * h[r * n + c] * d[c];
                }
            }
            double t = 1e-4;
            double second = (objective(backprop, p, d, t, data, decay) - 2 * objective(backprop, p, d, 0, data, decay)
                    + objective(backprop, p, d, -t, data, decay)) / (t * t);
            assertEquals(form, second, 1e-5 * Math.abs(form), "trial " + trial);
        }
    }

    private static double objective(Backprop backprop, Parameters p, double[] d, double t, TaskData data,
            double decay) {
        Parameters moved = new Parameters();
        moved.reshape(List.of(3, 4, 2, 1));
        int at = 0;
        double penalty = 0;
        for (int b = 0; b < p.blocks(); b++) {
            for (int e = 0; e < p.block(b).getNumElements(); e++) {
                double value = p.block(b).data[e] + t * d[at++];
                moved.block(b).data[e] = value;
                if (Parameters.isWeightBlock(b)) {
                    penalty += 0.5 * decay * value * value;
                }
            }
        }
        return backprop.forward(moved, data.x, data.y, false) + penalty;
    }

    /** The logarithmic mode-by-mode evolution against (I − ηH)^T applied step by step. */
    @Test
    void theSplitsChangeIsThatOfGradientDescentOnTheQuadratic() {
        int n = 6;
        Rng rng = Rng.stream(4, Rng.Purpose.INIT);
        double[] h = new double[n * n];
        for (int r = 0; r < n; r++) {
            for (int c = r; c < n; c++) {
                double value = rng.nextGaussian();
                h[r * n + c] = value;
                h[c * n + r] = value;
            }
        }
        double[] e = new double[n];
        for (int k = 0; k < n; k++) {
            e[k] = 1e-6 * rng.nextGaussian();
        }
        double[] vectors = new double[n * n];
        double[] values = SymmetricEigen.decompose(h, n, new double[n * n], vectors);
        int[] plus = {0, 1};
        int[] minus = {3, 4};
        double lr = 0.3;
        for (int steps : new int[] {1, 2, 7, 40}) {
            double[] x = e.clone();
            for (int s = 0; s < steps; s++) {
                double[] next = new double[n];
                for (int r = 0; r < n; r++) {
                    double hx = 0;
                    for (int c = 0; c < n; c++) {
                        hx += h[r * n + c] * x[c];
                    }
                    next[r] = x[r] - lr * hx;
                }
                x = next;
            }
            double expected = 0.5 * StrictMath.log(sq(x[0] - x[3]) + sq(x[1] - x[4]))
                    - 0.5 * StrictMath.log(sq(e[0] - e[3]) + sq(e[1] - e[4]));
            assertEquals(expected, ObjectiveHessian.logSplitChange(values, vectors, e, plus, minus, lr, steps),
                    1e-9 * Math.max(1, Math.abs(expected)), steps + " steps");
        }
    }

    private static double sq(double x) {
        return x * x;
    }

    /**
     * 10,000 steps, where a mode that does not reach the split (its eigenvector moves both ends alike) decays
     * far slower than the one that does: the scale is the reaching mode's, so the answer is T ln|1 − ηλ|,
     * not −∞; no mode reaching the split gives −∞, a zero split at the start NaN.
     */
    @Test
    void aModeThatDoesNotReachTheSplitDoesNotSetTheScale() {
        double s = Math.sqrt(0.5);
        // columns: (1, 1)/√2 with λ = 0.001 (factor 0.999), (1, −1)/√2 with λ = 0.5 (factor 0.5)
        double[] vectors = {s, s, s, -s};
        double[] values = {0.001, 0.5};
        double[] e0 = {1e-6, 0};
        int steps = 10_000;
        assertEquals(steps * Math.log(0.5),
                ObjectiveHessian.logSplitChange(values, vectors, e0, new int[] {0}, new int[] {1}, 1.0, steps), 1e-9);
        assertEquals(Double.NEGATIVE_INFINITY,
                ObjectiveHessian.logSplitChange(values, vectors, new double[] {1e-6, 0}, new int[] {0}, new int[] {1},
                        1.0 / 0.5, steps), "the only mode that reaches the split is zeroed in one step");
        assertTrue(Double.isNaN(ObjectiveHessian.logSplitChange(values, vectors, new double[] {1e-6, 1e-6},
                new int[] {0}, new int[] {1}, 1.0, steps)));
    }
}
