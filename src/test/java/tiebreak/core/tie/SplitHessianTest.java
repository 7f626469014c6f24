package tiebreak.core.tie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tiebreak.core.Specs;
import tiebreak.core.math.Rng;
import tiebreak.core.net.Activation;
import tiebreak.core.net.Backprop;
import tiebreak.core.net.InitScheme;
import tiebreak.core.net.Parameters;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.TaskSpec;
import tiebreak.core.spec.TieMode;
import tiebreak.core.spec.Training;
import tiebreak.core.train.Trainer;

/**
 * The split-direction Hessian against finite differences of backprop's gradient, the first-order
 * invariance of the output along the split that makes it what it is, and the closed form of a linear unit.
 */
class SplitHessianTest {
    /** The tied pair: not units 0 and 1, so that an i/j or unit-index mix-up shows. */
    private static final int I = 1;
    private static final int J = 3;

    static Stream<Arguments> nets() {
        List<TaskSpec> tasks = List.of(Specs.SMALL_TEACHER, TaskSpec.blobs(4, 3, 30, 0.7));
        return Stream.of(Activation.TANH, Activation.SIGMOID, Activation.GELU, Activation.RELU).flatMap(f ->
                tasks.stream().flatMap(t -> Stream.of(
                        Arguments.of(f, t, List.of(5), 1),
                        Arguments.of(f, t, List.of(5, 4), 1),
                        Arguments.of(f, t, List.of(4, 5), 2))));
    }

    /** A trained tied pair: in+out ties stay bit-for-bit tied under plain GD, so the point is symmetric. */
    private static Trainer tiedAfterTraining(Activation f, TaskSpec task, List<Integer> hidden, int layer) {
        RunSpec spec = Specs.spec(task, hidden, f, InitScheme.LECUN_NORMAL, TieMode.IN_OUT, layer, List.of(I, J), 10, 3,
                Training.PLAIN);
        Trainer trainer = new Trainer();
        trainer.prepare(spec);
        for (int s = 0; s < 20; s++) {
            trainer.step(0.05);
        }
        return trainer;
    }

    @ParameterizedTest(name = "{0} {1} hidden {2}, tie in layer {3}")
    @MethodSource("nets")
    void matchesFiniteDifferencesOfTheGradientAlongTheSplit(Activation f, TaskSpec task, List<Integer> hidden, int layer) {
        Trainer trainer = tiedAfterTraining(f, task, hidden, layer);
        Parameters p = trainer.parameters();
        List<Integer> widths = widths(task, hidden);
        SplitHessian hessian = new SplitHessian(widths, layer, I, J, f, task.loss());
        int m = hessian.size();
        double[] analytic = hessian.matrix(p, trainer.data().x, trainer.data().y).clone();

        // column k: d/dh of (∂L/∂θ_i − ∂L/∂θ_j)/2 at θ_i = m + h e_k, θ_j = m − h e_k
        double h = 1e-5;
        double diff = 0;
        double norm = 0;
        for (int k = 0; k < m; k++) {
            double[] plus = halfGradientDifference(trainer, layer, k, h, m);
            double[] minus = halfGradientDifference(trainer, layer, k, -h, m);
            for (int r = 0; r < m; r++) {
                double numeric = (plus[r] - minus[r]) / (2 * h);
                diff += (numeric - analytic[r * m + k]) * (numeric - analytic[r * m + k]);
                norm += analytic[r * m + k] * analytic[r * m + k];
            }
        }
        assertTrue(norm > 1e-12, "H_aa must not vanish for the check to mean anything");
        assertTrue(Math.sqrt(diff / norm) < 1e-6, "relative error " + Math.sqrt(diff / norm));
        for (int r = 0; r < m; r++) {
            for (int c = 0; c < m; c++) {
                assertEquals(analytic[r * m + c], analytic[c * m + r], 0.0, "symmetric");
            }
        }
        for (int r = 0; r < task.outputs(); r++) {
            for (int c = 0; c < task.outputs(); c++) {
                assertEquals(0.0, analytic[(m - task.outputs() + r) * m + m - task.outputs() + c], 0.0,
                        "no curvature between outgoing weights");
            }
        }
    }

    @Test
    void theOutputChangesOnlyToSecondOrderAlongTheSplit_andToFirstAlongTheSymmetricDirection() {
        Trainer trainer = tiedAfterTraining(Activation.TANH, Specs.SMALL_TEACHER, List.of(5), 1);
        Parameters p = trainer.parameters();
        List<Integer> widths = widths(Specs.SMALL_TEACHER, List.of(5));
        Rng rng = Rng.stream(9, Rng.Purpose.DATA_INPUTS);
        int m = 4 + 1 + 1;
        double[] direction = new double[m];
        for (int k = 0; k < m; k++) {
            direction[k] = rng.nextGaussian();
        }
        double[] split = new double[2];
        double[] together = new double[2];
        double[] steps = {1e-3, 1e-4};
        for (int t = 0; t < 2; t++) {
            split[t] = outputChange(p, widths, trainer, direction, steps[t], -1);
            together[t] = outputChange(p, widths, trainer, direction, steps[t], +1);
        }
        // a tenfold smaller step: a hundredfold smaller change at second order, tenfold at first
        assertTrue(split[0] / split[1] > 90 && split[0] / split[1] < 110, "split ratio " + split[0] / split[1]);
        assertTrue(together[0] / together[1] > 9 && together[0] / together[1] < 11,
                "symmetric ratio " + together[0] / together[1]);
    }

    @Test
    void aLinearUnit_hasEigenvaluesPlusAndMinusTheNormOfItsResidualCorrelation() {
        Trainer trainer = tiedAfterTraining(Activation.LINEAR, Specs.SMALL_TEACHER, List.of(5), 1);
        Parameters p = trainer.parameters();
        DMatrixRMaj x = trainer.data().x;
        DMatrixRMaj y = trainer.data().y;
        // f'' = 0: H_aa = [[0, B], [Bᵀ, 0]], B = (1/n) Σ_s u_s r_s, so its eigenvalues are ±|B| and zeros
        Backprop net = new Backprop();
        List<Integer> widths = widths(Specs.SMALL_TEACHER, List.of(5));
        net.reshape(widths, x.numRows, Activation.LINEAR, Specs.SMALL_TEACHER.loss(), false);
        net.forward(p, x, y, false);
        DMatrixRMaj out = net.output();
        double[] b = new double[5];
        for (int s = 0; s < x.numRows; s++) {
            double r = out.data[s] - y.data[s];
            for (int k = 0; k < 4; k++) {
                b[k] += x.get(s, k) * r / x.numRows;
            }
            b[4] += r / x.numRows;
        }
        double normB = 0;
        for (double v : b) {
            normB += v * v;
        }
        normB = Math.sqrt(normB);
        SplitHessian hessian = new SplitHessian(widths, 1, I, J, Activation.LINEAR, Specs.SMALL_TEACHER.loss());
        hessian.matrix(p, x, y);
        double[] values = hessian.decomposeWithDecay(0, null);
        assertTrue(normB > 1e-6, "the residual must correlate with the input for the check to mean anything");
        assertEquals(-normB, values[0], 1e-12 * normB);
        assertEquals(normB, values[values.length - 1], 1e-12 * normB);
        for (int k = 1; k < values.length - 1; k++) {
            assertEquals(0.0, values[k], 1e-12 * normB);
        }
    }

    @Test
    void anUntiedPairIsMeasuredAtItsSymmetricPoint() {
        Trainer trainer = tiedAfterTraining(Activation.TANH, Specs.SMALL_TEACHER, List.of(5), 1);
        Parameters p = trainer.parameters();
        List<Integer> widths = widths(Specs.SMALL_TEACHER, List.of(5));
        SplitHessian hessian = new SplitHessian(widths, 1, I, J, Activation.TANH, Specs.SMALL_TEACHER.loss());
        double[] tied = hessian.matrix(p, trainer.data().x, trainer.data().y).clone();
        // moving the units apart symmetrically about their mean leaves the symmetric point, and H_aa, as they were
        for (int k = 0; k < 6; k++) {
            move(p, 1, k, 1e-3 * (k + 1), -1);
        }
        double[] apart = hessian.matrix(p, trainer.data().x, trainer.data().y);
        for (int e = 0; e < tied.length; e++) {
            assertEquals(tied[e], apart[e], 1e-15 * (1 + Math.abs(tied[e])));
        }
    }

    /** (∂L/∂θ_i − ∂L/∂θ_j)/2 over the unit's coordinates, with coordinate k moved by +h on i and −h on j. */
    private static double[] halfGradientDifference(Trainer trainer, int layer, int k, double h, int m) {
        Parameters p = trainer.parameters();
        double saved0 = coordinate(p, layer, I, k)[0];
        double saved1 = coordinate(p, layer, J, k)[0];
        set(p, layer, I, k, saved0 + h);
        set(p, layer, J, k, saved1 - h);
        Parameters g = trainer.gradient();
        double[] result = new double[m];
        for (int r = 0; r < m; r++) {
            result[r] = (coordinate(g, layer, I, r)[0] - coordinate(g, layer, J, r)[0]) / 2;
        }
        set(p, layer, I, k, saved0);
        set(p, layer, J, k, saved1);
        return result;
    }

    /** max over samples and outputs of |ŷ(θ_i + h d, θ_j ± h d) − ŷ(θ)|. */
    private static double outputChange(Parameters p, List<Integer> widths, Trainer trainer, double[] d, double h, int sign) {
        DMatrixRMaj x = trainer.data().x;
        DMatrixRMaj y = trainer.data().y;
        Backprop net = new Backprop();
        net.reshape(widths, x.numRows, Activation.TANH, Specs.SMALL_TEACHER.loss(), false);
        net.forward(p, x, y, false);
        double[] before = net.output().data.clone();
        for (int k = 0; k < d.length; k++) {
            set(p, 1, I, k, coordinate(p, 1, I, k)[0] + h * d[k]);
            set(p, 1, J, k, coordinate(p, 1, J, k)[0] + sign * h * d[k]);
        }
        net.forward(p, x, y, false);
        double change = 0;
        for (int e = 0; e < x.numRows; e++) {
            change = Math.max(change, Math.abs(net.output().data[e] - before[e]));
        }
        for (int k = 0; k < d.length; k++) {
            set(p, 1, I, k, coordinate(p, 1, I, k)[0] - h * d[k]);
            set(p, 1, J, k, coordinate(p, 1, J, k)[0] - sign * h * d[k]);
        }
        return change;
    }

    private static void move(Parameters p, int layer, int k, double h, int sign) {
        set(p, layer, I, k, coordinate(p, layer, I, k)[0] + h);
        set(p, layer, J, k, coordinate(p, layer, J, k)[0] + sign * h);
    }

    /** Coordinate k of a unit of hidden layer {@code layer}: incoming weights, bias, outgoing weights. */
    private static double[] coordinate(Parameters p, int layer, int unit, int k) {
        return new double[] {p.block(block(p, layer, k)).data[index(p, layer, unit, k)]};
    }

    private static void set(Parameters p, int layer, int unit, int k, double value) {
        p.block(block(p, layer, k)).data[index(p, layer, unit, k)] = value;
    }

    private static int block(Parameters p, int layer, int k) {
        int fanIn = p.weight(layer - 1).numRows;
        return k < fanIn ? 2 * (layer - 1) : k == fanIn ? 2 * (layer - 1) + 1 : 2 * layer;
    }

    private static int index(Parameters p, int layer, int unit, int k) {
        DMatrixRMaj in = p.weight(layer - 1);
        int fanIn = in.numRows;
        if (k < fanIn) {
            return k * in.numCols + unit;
        }
        if (k == fanIn) {
            return unit;
        }
        DMatrixRMaj out = p.weight(layer);
        return unit * out.numCols + (k - fanIn - 1);
    }

    private static List<Integer> widths(TaskSpec task, List<Integer> hidden) {
        java.util.ArrayList<Integer> widths = new java.util.ArrayList<>();
        widths.add(task.inputs());
        widths.addAll(hidden);
        widths.add(task.outputs());
        return widths;
    }
}
