package tiebreak.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import tiebreak.core.net.Activation;
import tiebreak.core.net.InitScheme;
import tiebreak.core.net.Parameters;
import tiebreak.core.spec.InvalidSpecException;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.TaskSpec;
import tiebreak.core.spec.TieMode;
import tiebreak.core.spec.Training;

/** A duplicated unit's start: the narrow net trained, one unit split in two, the function unchanged. */
class RunStartTest {
    private static final TaskSpec TEACHER = TaskSpec.teacher(4, 3, 32, 0.0);

    static RunSpec spec(int i, int j, double ratio, double epsilon) {
        return new RunSpec("t", TEACHER, 7, 3, List.of(4, 5, 1), Activation.TANH, InitScheme.LECUN_NORMAL, 1,
                List.of(i, j), TieMode.IN, epsilon, 50, 0.05, 1e-3, 8, Training.PLAIN.withDuplication(40, ratio), "");
    }

    @ParameterizedTest(name = "units {0}, {1}, r = {2}")
    @CsvSource({"0, 1, 0.5", "1, 3, 0.25", "3, 1, 1.5", "2, 0, -0.5"})
    void theUnitIsSplitInTwo_andTheNetComputesWhatTheNarrowOneDid(int i, int j, double r) {
        RunSpec spec = spec(i, j, r, 0.0);
        RunSpec narrowSpec = RunStart.narrowSpec(spec);
        assertEquals(List.of(4, 4, 1), narrowSpec.widths());
        Trainer narrow = new Trainer();
        narrow.prepare(narrowSpec);
        for (int s = 0; s < 40; s++) {
            narrow.step(0.05);
        }
        Parameters n = narrow.parameters();
        Trainer wide = new Trainer();
        wide.prepare(spec);
        Parameters w = wide.parameters();
        int narrowI = i < j ? i : i - 1;
        for (int unit = 0; unit < 5; unit++) {
            int from = unit == j ? narrowI : unit < j ? unit : unit - 1;
            for (int row = 0; row < 4; row++) {
                assertEquals(n.weight(0).get(row, from), w.weight(0).get(row, unit), 0.0, "incoming, unit " + unit);
            }
            assertEquals(n.bias(0).get(0, from), w.bias(0).get(0, unit), 0.0, "bias, unit " + unit);
            double share = unit == i ? r : unit == j ? 1 - r : 1;
            assertEquals(share * n.weight(1).get(from, 0), w.weight(1).get(unit, 0), 0.0, "outgoing, unit " + unit);
        }
        assertEquals(n.bias(1).get(0, 0), w.bias(1).get(0, 0), 0.0);
        // the same function: r·v + (1 − r)·v is v up to a rounding
        double before = narrow.loss();
        assertEquals(before, wide.loss(), 1e-14 * before);
        assertTrue(before < new Trainer().run(narrowSpec.withTraining(narrowSpec.training())).checkpoints().get(0).loss(),
                "the narrow net did train");
    }

    /**
     * The start's pretraining is the scalar Trainer's whichever trainer takes the run: in lanes the run gives
     * the scalar path's bits. (Here rather than in LaneKernelTest, whose JVM keeps the kernel's JIT profile to
     * itself for its allocation test: run just before that test, this one made its GELU cases box.)
     */
    @Test
    void aDuplicatedUnitTrainsTheSameInLanes() {
        java.util.List<RunSpec> specs = new java.util.ArrayList<>();
        Training float32 = new Training(Training.PLAIN.optimizer(), 0, 0, 0, 0, 0, Training.UpdateOrder.SIMULTANEOUS,
                Training.Gradient.BACKPROP, Training.DEFAULT_FD_STEP, Training.Precision.FLOAT32, 0, 0);
        for (Training t : new Training[] {Training.PLAIN, float32}) {
            for (double r : new double[] {-0.5, 0.0, 0.3, 1.0, 1.5}) {
                for (long seed = 0; seed < 2; seed++) {
                    specs.add(new RunSpec("t", TEACHER, 7, seed, List.of(4, 5, 1), Activation.TANH,
                            InitScheme.LECUN_NORMAL, 1, List.of(0, 2), TieMode.IN, seed == 0 ? 0.0 : 1e-6, 30, 0.05, 1e-3,
                            8, t.withDuplication(25, r), ""));
                }
            }
        }
        assertTrue(tiebreak.core.lanes.LaneBatch.key(specs.get(0)) != null
                && tiebreak.core.lanes.LaneBatch.key(specs.get(specs.size() - 1)) != null, "the runs go to the lanes");
        java.util.List<tiebreak.core.tie.RunResult> lanes = new java.util.ArrayList<>();
        new tiebreak.core.lanes.BatchedRuns(specs.iterator()).forEachRemaining(lanes::add);
        Trainer scalar = new Trainer();
        for (RunSpec spec : specs) {
            tiebreak.core.tie.RunResult expected = scalar.run(spec);
            tiebreak.core.tie.RunResult actual = lanes.stream().filter(x -> x.spec() == spec).findFirst().orElseThrow();
            assertEquals(expected.checkpoints(), actual.checkpoints(), spec.canonical());
            assertEquals(expected.outcome(), actual.outcome());
            assertEquals(expected.duplication(), actual.duplication(), "the narrow net's measures");
            assertTrue(expected.duplication() != null);
        }
    }

    /**
     * A is the curvature of the loss along the split that leaves the output unchanged to first order:
     * moving unit i's incoming weights and bias by (1 − r)δ and unit j's by −rδ, the loss's second derivative
     * is r(1 − r)δᵀAδ, at a duplicated start that is not a critical point too (central differences of
     * backprop's gradient along that direction, 1e-6 relative).
     */
    @ParameterizedTest(name = "r = {0}")
    @CsvSource({"-0.5", "0.25", "0.5", "1.5"})
    void theLossAlongTheOutputPreservingSplitCurvesAsRTimesOneMinusRTimesA(double r) {
        RunSpec spec = spec(1, 3, r, 0.0);
        Trainer wide = new Trainer();
        wide.prepare(spec);
        Parameters p = wide.parameters();
        double[] a = RunStart.curvature(spec, p, wide.data());
        int n = 5;
        tiebreak.core.math.Rng rng = tiebreak.core.math.Rng.stream(11, tiebreak.core.math.Rng.Purpose.INIT);
        for (int trial = 0; trial < 3; trial++) {
            double[] delta = new double[n];
            for (int k = 0; k < n; k++) {
                delta[k] = rng.nextGaussian();
            }
            double h = 1e-5;
            double plus = directional(wide, delta, r, h);
            double minus = directional(wide, delta, r, -h);
            double measured = (plus - minus) / (2 * h);
            double predicted = r * (1 - r) * quadratic(a, delta, n);
            assertEquals(predicted, measured, 1e-6 * Math.abs(predicted), "trial " + trial);
        }
    }

    /** ∇L · d at the start moved by t·d, d the output-preserving split of δ for units 1 and 3. */
    private static double directional(Trainer wide, double[] delta, double r, double t) {
        Parameters p = wide.parameters();
        double[][] saved = {p.weight(0).data.clone(), p.bias(0).data.clone()};
        move(p, delta, 1, (1 - r) * t);
        move(p, delta, 3, -r * t);
        Parameters g = wide.gradient();
        double along = 0;
        for (int k = 0; k < delta.length; k++) {
            along += (1 - r) * delta[k] * component(g, 1, k) - r * delta[k] * component(g, 3, k);
        }
        System.arraycopy(saved[0], 0, p.weight(0).data, 0, saved[0].length);
        System.arraycopy(saved[1], 0, p.bias(0).data, 0, saved[1].length);
        return along;
    }

    private static void move(Parameters p, double[] delta, int unit, double by) {
        for (int k = 0; k < delta.length - 1; k++) {
            p.weight(0).add(k, unit, by * delta[k]);
        }
        p.bias(0).add(0, unit, by * delta[delta.length - 1]);
    }

    /** Unit {@code unit}'s incoming weight k (k < fan-in) or bias (k = fan-in) in g. */
    private static double component(Parameters g, int unit, int k) {
        return k < g.weight(0).numRows ? g.weight(0).get(k, unit) : g.bias(0).get(0, unit);
    }

    private static double quadratic(double[] a, double[] x, int n) {
        double sum = 0;
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                sum += x[r] * a[r * n + c] * x[c];
            }
        }
        return sum;
    }

    /**
     * What the start measures of the narrow net: its loss (the wide net's, before ε), its gradient's norm (as
     * the narrow net's own trainer computes it, and smaller after longer training), and A's extreme
     * eigenvalues (every Rayleigh quotient between them).
     */
    @Test
    void theStartMeasuresTheNarrowNet() {
        RunSpec spec = spec(0, 2, 0.3, 0.0);
        Parameters wide = new Parameters();
        tiebreak.core.tie.Duplication d = RunStart.prepare(spec, wide);
        Trainer start = new Trainer();
        start.prepare(spec);
        assertEquals(start.loss(), d.narrowLoss(), 1e-14 * d.narrowLoss());
        Trainer narrow = new Trainer();
        RunSpec narrowSpec = RunStart.narrowSpec(spec);
        narrow.prepare(narrowSpec);
        for (int s = 0; s < narrowSpec.steps(); s++) {
            narrow.step(narrowSpec.lr());
        }
        double norm = 0;
        Parameters g = narrow.gradient();
        for (int b = 0; b < g.blocks(); b++) {
            for (double x : g.block(b).data) {
                norm += x * x;
            }
        }
        assertEquals(Math.sqrt(norm), d.gradientNorm(), 0.0);
        RunSpec longer = new RunSpec("t", TEACHER, 7, 3, List.of(4, 5, 1), Activation.TANH, InitScheme.LECUN_NORMAL, 1,
                List.of(0, 2), TieMode.IN, 0.0, 50, 0.05, 1e-3, 8, Training.PLAIN.withDuplication(2000, 0.3), "");
        assertTrue(RunStart.prepare(longer, new Parameters()).gradientNorm() < 0.5 * d.gradientNorm(),
                "longer training, nearer a critical point");
        double[] a = RunStart.curvature(spec, start.parameters(), start.data());
        double[] mu = tiebreak.core.math.SymmetricEigen.decompose(a, 5, new double[25], null);
        assertEquals(mu[0], d.curvatureMin(), 0.0);
        assertEquals(mu[4], d.curvatureMax(), 0.0);
        assertTrue(d.curvatureMin() < 0 && d.curvatureMax() > 0, "this start's A is indefinite");
        assertTrue(d.conditionApplies());
        tiebreak.core.math.Rng rng = tiebreak.core.math.Rng.stream(5, tiebreak.core.math.Rng.Purpose.INIT);
        for (int trial = 0; trial < 100; trial++) {
            double[] x = new double[5];
            double squared = 0;
            for (int k = 0; k < 5; k++) {
                x[k] = rng.nextGaussian();
                squared += x[k] * x[k];
            }
            double q = quadratic(a, x, 5) / squared;
            assertTrue(d.curvatureMin() <= q + 1e-15 && q <= d.curvatureMax() + 1e-15, "Rayleigh quotient " + q);
        }
    }

    /** A duplicated start from a narrow net [2, 2, 1] trained to a critical point (‖∇L‖ about 1e-16). */
    private static RunSpec converged(double r, double epsilon, int steps) {
        return new RunSpec("t", TaskSpec.teacher(2, 4, 64, 0.0), 0, 6, List.of(2, 3, 1), Activation.TANH,
                InitScheme.LECUN_NORMAL, 1, List.of(0, 1), TieMode.IN, epsilon, steps, 0.5, 1e-3, 16,
                Training.PLAIN.withDuplication(100_000, r), "");
    }

    /**
     * Fukumizu and Amari's structure, by Sylvester's law of inertia: at a critical point of the narrow net the
     * wide net's Hessian has as many negative eigenvalues as r(1 − r)A and the narrow net's Hessian together.
     */
    @ParameterizedTest(name = "r = {0}")
    @CsvSource({"-0.5", "0.3", "1.5"})
    void atACriticalPointTheWideHessiansNegativeDirectionsAreThoseOfTheSplitAndOfTheNarrowNet(double r) {
        RunSpec spec = converged(r, 0.0, 10);
        Trainer wide = new Trainer();
        wide.prepare(spec);
        tiebreak.core.tie.Duplication d = RunStart.prepare(spec, new Parameters());
        assertTrue(d.gradientNorm() < 1e-12, "converged: " + d.gradientNorm());
        double[] a = RunStart.curvature(spec, wide.parameters(), wide.data());
        double[] scaledA = new double[a.length];
        for (int k = 0; k < a.length; k++) {
            scaledA[k] = r * (1 - r) * a[k];
        }
        RunSpec narrowSpec = RunStart.narrowSpec(spec);
        Trainer narrow = new Trainer();
        narrow.prepare(narrowSpec);
        for (int s = 0; s < narrowSpec.steps(); s++) {
            narrow.step(narrowSpec.lr());
        }
        tiebreak.core.tie.ObjectiveHessian wideH = new tiebreak.core.tie.ObjectiveHessian(spec.widths(), 64,
                Activation.TANH, tiebreak.core.net.Loss.MSE);
        tiebreak.core.tie.ObjectiveHessian narrowH = new tiebreak.core.tie.ObjectiveHessian(narrowSpec.widths(), 64,
                Activation.TANH, tiebreak.core.net.Loss.MSE);
        int wideNegatives = negatives(wideH.matrix(wide.parameters(), wide.data(), 0), wideH.size());
        int splitNegatives = negatives(scaledA, 3);
        int narrowNegatives = negatives(narrowH.matrix(narrow.parameters(), narrow.data(), 0), narrowH.size());
        assertTrue(splitNegatives > 0, "the split is a saddle direction here");
        assertEquals(splitNegatives + narrowNegatives, wideNegatives);
        assertEquals(lowest(wideH.matrix(wide.parameters(), wide.data(), 0), wideH.size()), d.hessianMin(), 0.0);
    }

    /**
     * Weight decay leaves the wide start off the critical point ((1 − r)λw and rλw on the twins), and with
     * several outputs A misses a cross term: no verdict and no prediction there, but the measures.
     */
    @Test
    void noVerdictUnderWeightDecayOrWithSeveralOutputs() {
        Training decayed = new Training(Training.PLAIN.optimizer(), 0, 1e-3, 0, 0, 0, Training.UpdateOrder.SIMULTANEOUS,
                Training.Gradient.BACKPROP, Training.DEFAULT_FD_STEP, Training.Precision.FLOAT64, 0, 0)
                .withDuplication(40, 0.3);
        RunSpec withDecay = new RunSpec("t", TEACHER, 7, 3, List.of(4, 5, 1), Activation.TANH, InitScheme.LECUN_NORMAL,
                1, List.of(0, 1), TieMode.IN, 1e-6, 50, 0.05, 1e-3, 8, decayed, "");
        tiebreak.core.tie.Duplication d = RunStart.prepare(withDecay, new Parameters());
        assertEquals(null, d.predictedSplit(0.3));
        assertTrue(Double.isNaN(d.predictedChange()) && Double.isFinite(d.hessianMin()));
        RunSpec twoLayers = new RunSpec("t", TEACHER, 7, 3, List.of(4, 5, 3, 1), Activation.TANH,
                InitScheme.LECUN_NORMAL, 1, List.of(0, 1), TieMode.IN, 1e-6, 50, 0.05, 1e-3, 8,
                Training.PLAIN.withDuplication(40, 0.3), "");
        tiebreak.core.tie.Duplication deep = RunStart.prepare(twoLayers, new Parameters());
        assertEquals(null, deep.predictedSplit(0.3), "the tie layer feeds 3 units");
        assertTrue(Double.isNaN(deep.predictedChange()) && Double.isFinite(deep.curvatureMin()));
    }

    /** relu has no second derivative at its kink, which the differences would straddle: no Hessian, no prediction. */
    @Test
    void aReluStartHasNoHessianOrPrediction_butItsCurvatureBlockIsZero() {
        RunSpec spec = new RunSpec("t", TEACHER, 7, 3, List.of(4, 5, 1), Activation.RELU, InitScheme.LECUN_NORMAL, 1,
                List.of(0, 1), TieMode.IN, 1e-6, 50, 0.05, 1e-3, 8, Training.PLAIN.withDuplication(40, 0.3), "");
        tiebreak.core.tie.Duplication d = RunStart.prepare(spec, new Parameters());
        assertTrue(Double.isNaN(d.hessianMin()) && Double.isNaN(d.predictedChange()));
        assertEquals(0.0, d.curvatureMin(), 0.0);
        assertEquals(0.0, d.curvatureMax(), 0.0);
        assertEquals("neutral", d.predictedSplit(0.3));
        assertTrue(d.gradientNorm() > 0 && d.narrowLoss() > 0);
    }

    private static int negatives(double[] m, int n) {
        int count = 0;
        for (double value : tiebreak.core.math.SymmetricEigen.decompose(m, n, new double[n * n], null)) {
            count += value < -1e-8 ? 1 : 0;
        }
        return count;
    }

    private static double lowest(double[] m, int n) {
        return tiebreak.core.math.SymmetricEigen.decompose(m, n, new double[n * n], null)[0];
    }

    /**
     * At a critical point the run's ln(dist_end / dist_start) is what linearised gradient descent predicts
     * for its ε, inside (0, 1), outside it and at r = 0 alike, where A alone would give the signs only.
     */
    @ParameterizedTest(name = "r = {0}")
    @CsvSource({"-0.5", "0.0", "0.5", "1.5"})
    void theSplitChangesAsGradientDescentLinearisedAtTheCriticalPointPredicts(double r) {
        RunSpec spec = converged(r, 1e-9, 3000);
        tiebreak.core.tie.RunResult result = new Trainer().run(spec);
        double measured = Math.log(result.distEnd() / result.distStart());
        double predicted = result.duplication().predictedChange();
        // the narrow net's residual gradient g moves the split by up to η T |2r − 1| ‖g‖ in first order: what
        // that adds to ln dist where the split has shrunk (r = 0: to 1% of ε) bounds the agreement there
        double drift = spec.lr() * spec.steps() * Math.abs(2 * r - 1) * result.duplication().gradientNorm();
        assertEquals(predicted, measured, 1e-3 * Math.max(1, Math.abs(predicted)) + drift / result.distEnd());
    }

    @Test
    void epsilonMovesOnlyTheTwinsIncomingWeightsAndBias() {
        Trainer exact = new Trainer();
        exact.prepare(spec(0, 1, 0.3, 0.0));
        Trainer moved = new Trainer();
        moved.prepare(spec(0, 1, 0.3, 1e-6));
        Parameters a = exact.parameters();
        Parameters b = moved.parameters();
        double distance = 0;
        for (int row = 0; row < 4; row++) {
            distance += Math.pow(b.weight(0).get(row, 1) - a.weight(0).get(row, 1), 2);
            assertEquals(a.weight(0).get(row, 0), b.weight(0).get(row, 0), 0.0);
        }
        distance += Math.pow(b.bias(0).get(0, 1) - a.bias(0).get(0, 1), 2);
        assertEquals(1e-6, Math.sqrt(distance), 1e-15);
        assertEquals(a.weight(1).get(1, 0), b.weight(1).get(1, 0), 0.0, "outgoing weights untouched");
    }

    @Test
    void aDuplicationNeedsAnInPairAndRoomForTheNarrowNet_andTheRatioNeedsADuplication() {
        InvalidSpecException mode = assertThrows(InvalidSpecException.class, () -> new RunSpec("t", TEACHER, 7, 3,
                List.of(4, 5, 1), Activation.TANH, InitScheme.LECUN_NORMAL, 1, List.of(0, 1), TieMode.IN_OUT, 0, 50, 0.05,
                1e-3, 8, Training.PLAIN.withDuplication(40, 0.5), ""));
        assertEquals("duplicate_after", mode.key());
        InvalidSpecException narrow = assertThrows(InvalidSpecException.class, () -> new RunSpec("t", TEACHER, 7, 3,
                List.of(4, 2, 1), Activation.TANH, InitScheme.LECUN_NORMAL, 1, List.of(0, 1), TieMode.IN, 0, 50, 0.05,
                1e-3, 8, Training.PLAIN.withDuplication(40, 0.5), ""));
        assertEquals("duplicate_after", narrow.key());
        assertTrue(narrow.getMessage().contains("width of at least 3"), narrow.getMessage());
        InvalidSpecException ratio = assertThrows(InvalidSpecException.class,
                () -> Training.PLAIN.withDuplication(0, 0.7));
        assertEquals("duplicate_ratio", ratio.key());
    }
}
