package tiebreak.core.tie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tiebreak.core.net.Activation;
import tiebreak.core.net.InitScheme;
import tiebreak.core.spec.OptimizerSpec;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.TaskSpec;
import tiebreak.core.spec.TieMode;
import tiebreak.core.spec.Training;
import tiebreak.core.train.Trainer;

/**
 * The growth the split-direction Hessian predicts against the growth the run measures: near ties (ε = 1e-6)
 * of the conditions, plain gradient descent, where the linearisation should hold.
 */
class SplitGrowthPredictionTest {
    private static final TaskSpec TEACHER = TaskSpec.teacher(8, 4, 256, 0);

    static RunSpec spec(Activation f, List<Integer> widths, long seed, TieMode mode, Training training) {
        return new RunSpec("t", TEACHER, 0, seed, widths, f, InitScheme.LECUN_NORMAL, 1, List.of(0, 1), mode, 1e-6, 500,
                0.05, 1e-3, 32, training, "");
    }

    static Stream<Arguments> conditions() {
        return Stream.of(Activation.TANH, Activation.RELU, Activation.SIGMOID).flatMap(f ->
                Stream.of(List.of(8, 4, 1), List.of(8, 16, 1)).map(w -> Arguments.of(f, w)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("conditions")
    void measuredOverPredictedGrowth_within0_8To1_25(Activation f, List<Integer> widths) {
        Trainer trainer = new Trainer();
        for (long seed = 0; seed < 4; seed++) {
            RunResult r = trainer.run(spec(f, widths, seed, TieMode.IN_OUT, Training.PLAIN.withSplitHessian(true)));
            assertNotNull(r.growthRate(), "seed " + seed);
            assertNotNull(r.predictedGrowth(), "seed " + seed);
            double ratio = r.growthRate() / r.predictedGrowth();
            assertTrue(ratio > 0.8 && ratio < 1.25, "seed " + seed + ": measured " + r.growthRate() + ", predicted "
                    + r.predictedGrowth());
            // a near tie of this kind is unstable from the start: H_aa has a negative eigenvalue
            assertTrue(r.checkpoints().get(0).muMin() < 0, "mu_min " + r.checkpoints().get(0).muMin());
        }
    }

    @Test
    void theRateOfAGivenSplit_byHand() {
        // M with eigenvalues −2 and 0.5 along the first two coordinates, 1 along the third (size 3: one input)
        SplitHessian h = new SplitHessian(List.of(1, 2, 1), 1, 0, 1, Activation.TANH, TEACHER.loss());
        double[] values = {-2.0, 0.5, 1.0};
        double[] vectors = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        double[] a = {3e-6, 4e-6, 0.0};                 // |a| = 5e-6: c² = 0.36, 0.64, 0
        double lr = 0.1;
        int steps = 7;
        double expected = Math.log(0.36 * Math.pow(1.2, 2 * steps) + 0.64 * Math.pow(0.95, 2 * steps)) / (2 * steps);
        assertEquals(expected, h.predictedRate(values, vectors, a, lr, steps), 1e-15);
        // one step: ln |(I − ηM) a| / |a| exactly
        double oneStep = Math.log(Math.hypot(1.2 * 3e-6, 0.95 * 4e-6) / 5e-6);
        assertEquals(oneStep, h.predictedRate(values, vectors, a, lr, 1), 1e-15);
        assertTrue(Double.isNaN(h.predictedRate(values, vectors, new double[3], lr, steps)), "no split, no rate");
    }

    @Test
    void predictedGrowth_integratesEachGapFromBothEnds_overTheGrowthWindow() {
        // rates 0.01 after step 0, 0.03 before step 10 and 0.02 after it, 0.04 before step 30: gaps of
        // 10 and 20 steps add 0.2 and 0.6 to ln dist; the slope through (0, 0), (10, 0.2), (30, 0.8)
        double nan = Double.NaN;
        List<Checkpoint> c = List.of(
                new Checkpoint(0, 1e-6, 0, 1e-6, 1, 1e-6, 1, nan, -1, 0, 1, -1, 0.01, nan),
                new Checkpoint(10, 1e-6, 0, 2e-6, 1, 2e-6, 1, nan, -1, 0, 1, -1, 0.02, 0.03),
                new Checkpoint(30, 1e-6, 0, 5e-6, 1, 5e-6, 1, nan, -1, 0, 1, -1, nan, 0.04));
        double meanT = 40.0 / 3;
        double meanL = 1.0 / 3;
        double sxy = (0 - meanT) * (0 - meanL) + (10 - meanT) * (0.2 - meanL) + (30 - meanT) * (0.8 - meanL);
        double sxx = (0 - meanT) * (0 - meanT) + (10 - meanT) * (10 - meanT) + (30 - meanT) * (30 - meanT);
        assertEquals(sxy / sxx, Measurements.predictedGrowth(c, 1e-3), 1e-15);
        // a rate the window needs is missing: no prediction
        List<Checkpoint> gap = List.of(c.get(0), new Checkpoint(10, 1e-6, 0, 2e-6, 1, 2e-6, 1, nan, -1, 0, 1, -1, 0.02,
                nan), c.get(2));
        assertNull(Measurements.predictedGrowth(gap, 1e-3));
    }

    @Test
    void theMeasurementChangesNoTrainingBit_andIsOnlyWhereAskedAndMeaningful() {
        Trainer trainer = new Trainer();
        RunResult off = trainer.run(spec(Activation.TANH, List.of(8, 4, 1), 1, TieMode.IN_OUT, Training.PLAIN));
        RunResult on = trainer.run(spec(Activation.TANH, List.of(8, 4, 1), 1, TieMode.IN_OUT,
                Training.PLAIN.withSplitHessian(true)));
        assertEquals(off.checkpoints().size(), on.checkpoints().size());
        for (int k = 0; k < off.checkpoints().size(); k++) {
            Checkpoint a = off.checkpoints().get(k);
            Checkpoint b = on.checkpoints().get(k);
            assertEquals(new Checkpoint(a.step(), a.dIn(), a.dOut(), a.dist(), a.scale(), a.rel(), a.loss(), a.accuracy()),
                    new Checkpoint(b.step(), b.dIn(), b.dOut(), b.dist(), b.scale(), b.rel(), b.loss(), b.accuracy()));
            assertTrue(Double.isNaN(a.muMin()) && Double.isNaN(a.splitRate()));
            assertTrue(b.muMin() <= b.mu2() && b.mu2() <= b.mu3(), "ascending at step " + b.step());
        }
        assertNull(off.predictedGrowth());
        assertNotEquals(off.spec().runId(), on.spec().runId());

        // Adam: the eigenvalues, but no linear prediction
        Training adam = new Training(OptimizerSpec.parse("adam"), 0, 0, 0, 0, 0, Training.PLAIN.updateOrder(),
                Training.PLAIN.gradient(), Training.DEFAULT_FD_STEP, Training.PLAIN.precision(), 0, 0, true);
        RunResult adamRun = trainer.run(spec(Activation.TANH, List.of(8, 4, 1), 1, TieMode.IN_OUT, adam));
        assertTrue(Double.isFinite(adamRun.checkpoints().get(0).muMin()));
        assertNull(adamRun.predictedGrowth());

        // tie mode in: the units are not interchangeable, so there is no split direction to measure
        RunResult in = trainer.run(spec(Activation.TANH, List.of(8, 4, 1), 1, TieMode.IN, Training.PLAIN.withSplitHessian(true)));
        assertTrue(in.checkpoints().stream().allMatch(c -> Double.isNaN(c.muMin())));
    }
}
