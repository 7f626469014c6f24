package tiebreak.core.lanes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tiebreak.core.Specs;
import tiebreak.core.net.Activation;
import tiebreak.core.net.InitScheme;
import tiebreak.core.net.Parameters;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.TaskSpec;
import tiebreak.core.spec.TieMode;
import tiebreak.core.spec.Training;
import tiebreak.core.tie.Outcome;
import tiebreak.core.tie.RunResult;
import tiebreak.core.train.FaultInjection;
import tiebreak.core.train.Trainer;

/**
 * The lane kernel gives every run exactly the bits the scalar Trainer gives it alone: checkpoints, outcome,
 * final parameters; whatever its neighbours in the batch, its lane, the batch size, and for every
 * perturbation (the ones the lanes cannot train must come back from the scalar path, equally identical).
 */
class LaneKernelTest {
    private static final List<String> PERTURBATIONS = List.of("plain", "minibatch", "momentum", "adam", "rmsprop",
            "weight_decay", "label_noise", "input_noise", "float32", "dropout", "grad_noise", "lr_jitter",
            "sequential", "finite-difference");
    private static final List<String> IN_LANES = List.of("plain", "minibatch", "momentum", "adam", "rmsprop",
            "weight_decay", "label_noise", "input_noise", "float32", "dropout", "grad_noise", "lr_jitter", "sequential",
            "finite-difference");

    @Test
    void theVectorModuleIsLoadedInTests() {
        assertTrue(LaneBatch.available(), "tests run with --add-modules jdk.incubator.vector");
        assertTrue(LaneTrainer.LANES >= 2, "lanes " + LaneTrainer.LANES);
    }

    static List<String> perturbations() {
        return PERTURBATIONS;
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("perturbations")
    void everyPerturbationGivesTheBitsOfTheScalarPath(String perturbation) {
        Training training = Specs.training(perturbation);
        List<RunSpec> specs = new ArrayList<>();
        // one full batch and a partial one (float32 has twice the lanes)
        int count = (training.float32() ? FloatLaneTrainer.LANES : LaneTrainer.LANES) + 3;
        for (int k = 0; k < count; k++) {
            Activation a = List.of(Activation.TANH, Activation.RELU, Activation.SIGMOID).get(k % 3);
            RunSpec base = Specs.spec(Specs.SMALL_TEACHER, List.of(6), a, InitScheme.LECUN_NORMAL, TieMode.IN_OUT, 1,
                    List.of(0, 1), 40, 100 + k / 3, training);
            specs.add(with(base, k % 2 == 0 ? 0.0 : 1e-6, base.lr()));
        }
        boolean lanes = IN_LANES.contains(perturbation);
        assertEquals(lanes, LaneBatch.key(specs.get(0)) != null, perturbation + " in lanes");
        assertSameAsScalar(specs);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tanh", "relu", "sigmoid", "linear", "gelu"})
    void everyActivationAndShape(String activation) {
        Activation a = Activation.parse(activation);
        List<RunSpec> specs = new ArrayList<>();
        for (List<Integer> hidden : List.of(List.of(16), List.of(4), List.of(1, 3), List.of(5, 15))) {
            for (long seed = 0; seed < 3; seed++) {
                int layer = hidden.size();
                int width = hidden.get(layer - 1);
                List<Integer> group = width >= 2 ? List.of(0, width - 1) : null;
                if (group == null) {
                    layer = 2 - 1 + (hidden.size() > 1 ? 1 : 0);
                    group = List.of(0, hidden.get(layer - 1) - 1);
                }
                RunSpec s = Specs.spec(Specs.SMALL_TEACHER, hidden, a, InitScheme.LECUN_NORMAL, TieMode.IN_OUT, layer,
                        group, 30, seed, Training.PLAIN);
                specs.add(with(s, 1e-5, s.lr()));
            }
        }
        assertSameAsScalar(specs);
    }

    /**
     * The split-direction Hessian measured in lanes (each lane's parameters unpacked, the scalar code run on
     * them) gives the scalar path's bits: float64 and float32 lanes, ties in the first and last hidden layer,
     * with and without weight decay, in+out and all (measured) and in (not).
     */
    @Test
    void theSplitHessianMeasuresTheSameInLanes() {
        List<RunSpec> specs = new ArrayList<>();
        List<Training> trainings = List.of(Training.PLAIN.withSplitHessian(true),
                Specs.training("weight_decay").withSplitHessian(true), Specs.training("float32").withSplitHessian(true),
                Specs.training("adam").withSplitHessian(true));
        for (Training training : trainings) {
            for (Activation a : List.of(Activation.TANH, Activation.RELU, Activation.GELU)) {
                for (TieMode mode : List.of(TieMode.IN_OUT, TieMode.ALL, TieMode.IN)) {
                    for (int layer : List.of(1, 2)) {
                        RunSpec s = Specs.spec(Specs.SMALL_TEACHER, List.of(5, 4), a, InitScheme.LECUN_NORMAL, mode, layer,
                                List.of(0, 1), 30, layer + 10L * mode.ordinal(), training);
                        specs.add(with(s, layer == 1 ? 1e-6 : 0.0, s.lr()));
                    }
                }
            }
        }
        List<RunResult> results = new ArrayList<>();
        new BatchedRuns(specs.iterator()).forEachRemaining(results::add);
        long measured = results.stream().filter(r -> Double.isFinite(r.checkpoints().get(0).muMin())).count();
        long predicted = results.stream().filter(r -> r.predictedGrowth() != null).count();
        assertTrue(measured == 3 * 2 * 2 * trainings.size(), "measured " + measured);   // in+out and all only
        assertTrue(predicted > 0, "some runs have a predicted growth");
        assertSameAsScalar(specs);

        // a batch that ties one pair of one layer throughout has every lane's H_aa computed at once
        LaneTrainer lanes = new LaneTrainer();
        for (Activation a : List.of(Activation.TANH, Activation.SIGMOID, Activation.GELU)) {
            for (int layer : List.of(1, 2)) {
                List<RunSpec> group = new ArrayList<>();
                for (long seed = 0; seed < LaneTrainer.LANES; seed++) {
                    RunSpec s = Specs.spec(Specs.SMALL_TEACHER, List.of(5, 4), a, InitScheme.LECUN_NORMAL,
                            seed % 2 == 0 ? TieMode.IN_OUT : TieMode.ALL, layer, List.of(1, 3), 30, seed,
                            Training.PLAIN.withSplitHessian(true));
                    group.add(with(s, 1e-6, s.lr()));
                }
                assertNotNull(LaneSplitHessian.forBatch(group.toArray(RunSpec[]::new), 32, null));
                assertSameResults(group, lanes.train(group));
            }
        }
    }

    /** Sample counts that are not a multiple of the kernel's block of four samples take the one-sample tail. */
    @Test
    void sampleCountsOffTheBlockSize() {
        List<RunSpec> specs = new ArrayList<>();
        for (int n : List.of(1, 2, 3, 5, 30, 31)) {
            for (long seed = 0; seed < 3; seed++) {
                specs.add(Specs.spec(TaskSpec.teacher(4, 3, n, 0.0), List.of(16), Activation.TANH, InitScheme.LECUN_NORMAL,
                        TieMode.IN_OUT, 1, List.of(0, 1), 20, seed, Training.PLAIN));
            }
        }
        assertSameAsScalar(specs);
    }

    /**
     * GELU, whose f' the lanes keep from the forward pass: one and two hidden layers under dropout, minibatches,
     * noise, Adam, sequential updates and central differences; one seed of each at he-normal init and lr 20,
     * to drive its pre-activations far from 0 (LaneMathTest takes every branch of erfc and the scalar-only
     * range value by value).
     */
    @Test
    void geluUnderThePerturbations() {
        List<RunSpec> specs = new ArrayList<>();
        for (String perturbation : List.of("plain", "dropout", "minibatch", "input_noise", "adam", "sequential",
                "finite-difference", "grad_noise")) {
            for (List<Integer> hidden : List.of(List.of(5, 3), List.of(16))) {
                for (long seed = 0; seed < 3; seed++) {
                    RunSpec base = Specs.spec(TaskSpec.teacher(4, 3, 30, 0.0), hidden, Activation.GELU,
                            seed == 2 ? InitScheme.parse("he-normal") : InitScheme.LECUN_NORMAL, TieMode.IN_OUT, 1,
                            List.of(0, 1), perturbation.equals("finite-difference") ? 8 : 30, seed,
                            Specs.training(perturbation));
                    specs.add(with(base, seed == 0 ? 0.0 : 1e-6, seed == 2 ? 20.0 : base.lr()));
                }
            }
        }
        specs.forEach(spec -> assertNotNull(LaneBatch.key(spec), spec.canonical()));
        assertSameAsScalar(specs);
    }

    /** Two hidden layers under the perturbations with per-lane rows and masks, and batches of other shapes between. */
    @Test
    void deeperNetsWithDropoutMinibatchesAndNoise() {
        List<RunSpec> specs = new ArrayList<>();
        for (String perturbation : List.of("dropout", "minibatch", "input_noise", "label_noise")) {
            for (List<Integer> hidden : List.of(List.of(5, 3), List.of(16, 4), List.of(7))) {
                for (long seed = 0; seed < 3; seed++) {
                    RunSpec base = Specs.spec(TaskSpec.teacher(4, 3, 30, 0.0), hidden, Activation.TANH,
                            InitScheme.LECUN_NORMAL, TieMode.IN_OUT, 1, List.of(0, 1), 30, seed,
                            Specs.training(perturbation));
                    specs.add(with(base, 1e-6, base.lr()));
                }
            }
        }
        assertSameAsScalar(specs);
    }

    /**
     * Sequential updates and central differences together with the rest: optimizers with state (a masked
     * update leaves the other units' state alone), minibatches, dropout, noise, jitter and decay, a tie in
     * either hidden layer (sequential runs of different tie layers never share a batch), and both at once.
     */
    @Test
    void sequentialUpdatesAndFiniteDifferencesWithEverythingElse() {
        Training.UpdateOrder seq = Training.UpdateOrder.SEQUENTIAL;
        Training.UpdateOrder sim = Training.UpdateOrder.SIMULTANEOUS;
        Training.Gradient bp = Training.Gradient.BACKPROP;
        Training.Gradient fd = Training.Gradient.FINITE_DIFFERENCE;
        Training.Precision f64 = Training.Precision.FLOAT64;
        List<Training> trainings = List.of(
                new Training(tiebreak.core.spec.OptimizerSpec.parse("adam"), 8, 0.01, 0.2, 1e-4, 0.1, seq, bp, 1e-5,
                        f64, 0.05, 0.05),
                new Training(tiebreak.core.spec.OptimizerSpec.parse("momentum:0.9"), 0, 0.01, 0.2, 0, 0, seq, bp, 1e-5,
                        f64, 0, 0),
                new Training(tiebreak.core.spec.OptimizerSpec.parse("rmsprop"), 8, 0.01, 0.2, 1e-4, 0.1, sim, fd, 1e-5,
                        f64, 0.05, 0.05),
                new Training(tiebreak.core.spec.OptimizerSpec.SGD, 0, 0, 0, 0, 0, seq, fd, 1e-4, f64, 0, 0));
        List<RunSpec> specs = new ArrayList<>();
        for (Training training : trainings) {
            for (List<Integer> hidden : List.of(List.of(5, 3), List.of(7))) {
                for (int layer = 1; layer <= hidden.size(); layer++) {
                    for (long seed = 0; seed < 3; seed++) {
                        RunSpec base = Specs.spec(TaskSpec.teacher(4, 2, 22, 0.0), hidden, Activation.TANH,
                                InitScheme.LECUN_NORMAL, TieMode.IN_OUT, layer, List.of(0, 1), 12, seed, training);
                        specs.add(with(base, seed == 0 ? 0.0 : 1e-6, base.lr()));
                    }
                }
            }
        }
        specs.forEach(spec -> assertNotNull(LaneBatch.key(spec), spec.canonical()));
        assertTrue(!LaneBatch.key(specs.get(3)).equals(LaneBatch.key(specs.get(0))), "tie layers 1 and 2 batch apart");
        assertSameAsScalar(specs);
    }

    /**
     * Softmax cross-entropy on the classification tasks: loss, accuracy and outcome at every checkpoint, under
     * the perturbations that change its targets (label noise makes them soft), rows, masks or gradient, with
     * three, two, five and sixteen classes (output layers of four units and more take the kernel's four-unit
     * sums, and from fifteen EJML's other summation rules), and lanes whose logits blow up.
     */
    @Test
    void crossEntropyOnTheClassificationTasks() {
        List<RunSpec> specs = new ArrayList<>();
        for (TaskSpec task : List.of(TaskSpec.blobs(4, 3, 30, 1.0), TaskSpec.iris(), TaskSpec.blobs(3, 2, 9, 2.0),
                TaskSpec.blobs(4, 5, 21, 1.0), TaskSpec.blobs(3, 16, 34, 1.0))) {
            for (String perturbation : List.of("plain", "minibatch", "label_noise", "dropout", "adam",
                    "finite-difference", "sequential")) {
                for (Activation a : List.of(Activation.TANH, Activation.RELU)) {
                    for (long seed = 0; seed < 3; seed++) {
                        RunSpec base = Specs.spec(task, List.of(6), a, InitScheme.LECUN_NORMAL, TieMode.IN_OUT, 1,
                                List.of(0, 1), perturbation.equals("finite-difference") ? 8 : 30, seed,
                                Specs.training(perturbation));
                        specs.add(with(base, seed == 0 ? 0.0 : 1e-6, seed == 2 && perturbation.equals("plain") ? 50.0
                                : base.lr()));
                    }
                }
            }
        }
        specs.forEach(spec -> assertNotNull(LaneBatch.key(spec), spec.canonical()));
        assertSameAsScalar(specs);
    }

    /** Zero and constant inits make exact zeros everywhere, where a sum's starting value decides a zero's sign. */
    @Test
    void zeroAndConstantInitsKeepTheSignsOfZeros() {
        List<RunSpec> specs = new ArrayList<>();
        for (InitScheme init : List.of(InitScheme.parse("zero"), InitScheme.parse("constant:0.3"))) {
            for (Activation a : List.of(Activation.RELU, Activation.TANH)) {
                for (TieMode mode : List.of(TieMode.IN_OUT, TieMode.ALL, TieMode.IN)) {
                    for (String training : List.of("plain", "sequential", "finite-difference")) {
                        specs.add(Specs.spec(TaskSpec.parity(4, 0), List.of(16), a, init, mode, 1, List.of(0, 1), 25, 3,
                                Specs.training(training)));
                    }
                }
            }
        }
        assertSameAsScalar(specs);
    }

    /** A lane that blows up stops and is recorded nonfinite; a lane that throws is failed; the others go on. */
    @Test
    void nonfiniteAndFailingLanesLeaveTheirNeighboursAlone() {
        List<RunSpec> specs = new ArrayList<>();
        for (int k = 0; k < LaneTrainer.LANES; k++) {
            RunSpec s = Specs.spec(List.of(4, 8, 1), Activation.TANH, TieMode.IN_OUT, 1, 0, 1, 1e-6, 60, 40 + k);
            specs.add(k == 2 ? with(s, s.epsilon(), 1e6) : s);
        }
        String old = System.setProperty(FaultInjection.PROPERTY, "43");
        try {
            List<RunResult> lanes = new LaneTrainer().train(specs);
            assertEquals(Outcome.NONFINITE, lanes.get(2).outcome());
            assertEquals(Outcome.FAILED, lanes.get(3).outcome());
            assertNotNull(lanes.get(3).error());
            assertSameResults(specs, lanes);
        } finally {
            if (old == null) {
                System.clearProperty(FaultInjection.PROPERTY);
            } else {
                System.setProperty(FaultInjection.PROPERTY, old);
            }
        }
    }

    /**
     * Every lane blowing up: the batch stops at the checkpoint where the last lane does (taken during the next
     * step's pass, before its update), with each run's checkpoints those of the scalar loop.
     */
    @ParameterizedTest
    @ValueSource(strings = {"tanh", "relu"})
    void everyLaneExplodingStopsWhereTheScalarLoopStops(String activation) {
        List<RunSpec> specs = new ArrayList<>();
        for (int k = 0; k < LaneTrainer.LANES; k++) {
            RunSpec s = Specs.spec(List.of(4, 8, 1), Activation.parse(activation), TieMode.IN_OUT, 1, 0, 1, 1e-6,
                    60, 70 + k);
            specs.add(with(s, s.epsilon(), 1e3 * (k + 1)));     // one batch: a key shared, lr differing
        }
        List<RunResult> lanes = new LaneTrainer().train(specs);
        for (RunResult r : lanes) {
            assertEquals(Outcome.NONFINITE, r.outcome(), r.spec().runId());
        }
        assertSameResults(specs, lanes);
    }

    /** The final parameters too, not just what the checkpoints measure. */
    @Test
    void finalParametersAreBitIdentical() {
        List<RunSpec> specs = new ArrayList<>();
        for (int k = 0; k < LaneTrainer.LANES; k++) {
            specs.add(Specs.spec(TaskSpec.teacher(8, 4, 64, 0.0), List.of(16), Activation.TANH, InitScheme.LECUN_NORMAL,
                    TieMode.IN_OUT, 1, List.of(0, 1), 50, k, Specs.training(k % 2 == 0 ? "adam" : "plain")));
        }
        // one key per batch: adam and plain runs go to two trainers
        for (String kind : List.of("adam", "plain")) {
            List<RunSpec> batch = specs.stream().filter(s -> s.training().equals(Specs.training(kind))).toList();
            LaneTrainer lanes = new LaneTrainer();
            lanes.train(batch);
            Parameters mine = new Parameters();
            mine.reshape(batch.get(0).widths());
            for (int i = 0; i < batch.size(); i++) {
                Trainer scalar = new Trainer();
                scalar.run(batch.get(i));
                lanes.parameters(i, mine);
                for (int b = 0; b < mine.blocks(); b++) {
                    double[] expected = scalar.parameters().block(b).data;
                    double[] actual = mine.block(b).data;
                    for (int e = 0; e < mine.block(b).getNumElements(); e++) {
                        assertEquals(Double.doubleToRawLongBits(expected[e]), Double.doubleToRawLongBits(actual[e]),
                                kind + " run " + i + " block " + b + " element " + e);
                    }
                }
            }
        }
    }

    /**
     * The lane step allocates nothing: 1,800 more steps of a batch (180 under central differences) cost no
     * more bytes than a 16-byte object per 100 steps would (both lengths have the same checkpoints, so results
     * of the same size but for a divergence step's boxing). At least twelve rounds, the last one measured,
     * and up to forty while the last one allocated: in a JVM that has run the other tests, C2 needs a while
     * before it has compiled the vector code without boxing (with six rounds the minibatch case still
     * allocated; on a machine slowed down, twelve were not enough for any case). A real allocation in the
     * step allocates in every round. GELU is not among the cases: on Java 17, C2 boxes the vectors of its
     * lane passes in about half the JVMs that run this class (2026-12-04), which no code shape or compile
     * command tried has removed; docs/development.md has the experiments. Its bits are checked above.
     */
    @ParameterizedTest
    @ValueSource(strings = {"tanh/adam", "relu/minibatch", "sigmoid/input_noise", "linear/label_noise",
            "tanh/grad_noise", "relu/dropout", "tanh/sequential", "sigmoid/finite-difference", "tanh/blobs",
            "tanh/float32", "relu/float32", "sigmoid/float32"})
    void theLaneStepAllocatesNothing(String activationAndTraining) {
        String activation = activationAndTraining.split("/")[0];
        String what = activationAndTraining.split("/")[1];
        boolean blobs = what.equals("blobs");      // softmax cross-entropy, plain training
        Training training = blobs ? Training.PLAIN : Specs.training(what);
        TaskSpec task = blobs ? TaskSpec.blobs(4, 3, 32, 1.0) : TaskSpec.teacher(4, 3, 32, 0.0);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        LaneTrainer lanes = new LaneTrainer();
        FloatLaneTrainer floatLanes = new FloatLaneTrainer();
        int width = training.float32() ? FloatLaneTrainer.LANES : LaneTrainer.LANES;
        long[] bytes = new long[2];
        // central differences make 2P = 194 losses a step: a tenth of the steps
        int shortRun = training.finiteDifference() ? 20 : 200;
        // plus one boxed Integer per run: a divergence step past 127 is not in Integer's cache
        long allowed = 9 * shortRun / 100 * 16 + 16 * width;
        for (int round = 0; round < 40 && (round < 12 || bytes[1] - bytes[0] >= allowed); round++) {
            for (int v = 0; v < 2; v++) {
                int steps = v == 0 ? shortRun : 10 * shortRun;
                List<RunSpec> specs = new ArrayList<>();
                for (int k = 0; k < width; k++) {
                    RunSpec base = Specs.spec(task, List.of(16), Activation.parse(activation),
                            InitScheme.LECUN_NORMAL, TieMode.IN_OUT, 1, List.of(0, 1), steps, k, training);
                    // two checkpoints for both lengths, so that only the number of steps differs
                    specs.add(new RunSpec(base.sweep(), base.task(), base.dataSeed(), base.initSeed(), base.widths(),
                            base.activation(), base.init(), 1, base.tieUnits(), base.tieMode(), 1e-6, steps, base.lr(),
                            base.delta(), 2, base.training(), ""));
                }
                long before = threads.getThreadAllocatedBytes(thread);
                if (training.float32()) {
                    floatLanes.train(specs);
                } else {
                    lanes.train(specs);
                }
                bytes[v] = threads.getThreadAllocatedBytes(thread) - before;   // the last round counts
            }
        }
        assertTrue(bytes[1] - bytes[0] < allowed, activationAndTraining + ": "
                + shortRun + " steps " + bytes[0] + " bytes, " + 10 * shortRun + " steps " + bytes[1] + " bytes");
    }

    @Test
    void unbatchableRunsAreRecognised() {
        RunSpec plain = Specs.spec(List.of(4, 8, 1), Activation.TANH, TieMode.IN_OUT, 10, 1);
        assertNotNull(LaneBatch.key(plain));
        assertNotNull(LaneBatch.key(Specs.spec(List.of(4, 8, 1), Activation.GELU, TieMode.IN_OUT, 10, 1)));
        RunSpec float32Gelu = Specs.spec(TaskSpec.teacher(4, 3, 30, 0.0), List.of(8), Activation.GELU,
                InitScheme.LECUN_NORMAL, TieMode.IN_OUT, 1, List.of(0, 1), 10, 1, Specs.training("float32"));
        assertNull(LaneBatch.key(float32Gelu));
        RunSpec float32 = Specs.spec(TaskSpec.blobs(4, 3, 30, 1.0), List.of(8), Activation.TANH, InitScheme.LECUN_NORMAL,
                TieMode.IN_OUT, 1, List.of(0, 1), 10, 1, Specs.training("float32"));
        assertNull(LaneBatch.key(float32));
    }

    /**
     * float32 in its sixteen lanes: every activation the lanes have, one and two hidden layers (widths off the
     * kernel's four units at a time), every optimizer and weight decay, with n a power of two and not.
     */
    @Test
    void float32InSixteenLanesAcrossActivationsShapesAndOptimizers() {
        List<String> trainings = List.of("float32", "float32/momentum", "float32/adam", "float32/rmsprop",
                "float32/weight_decay");
        FloatLaneTrainer lanes = new FloatLaneTrainer();
        List<RunSpec> all = new ArrayList<>();
        int combination = 0;
        for (String name : trainings) {
            Training base = Specs.training("float32");
            Training other = name.contains("/") ? Specs.training(name.split("/")[1]) : base;
            Training training = new Training(other.optimizer(), 0, other.weightDecay(), 0, 0, 0, base.updateOrder(),
                    base.gradient(), base.fdStep(), Training.Precision.FLOAT32, 0, 0);
            for (Activation a : List.of(Activation.TANH, Activation.RELU, Activation.SIGMOID, Activation.LINEAR)) {
                for (List<Integer> hidden : List.of(List.of(16), List.of(5), List.of(6, 3))) {
                    // one n per batch (n is part of the key): a power of two, or 30, whose mean divides by
                    // a non-power of two and whose last two rows take the one-sample bodies
                    int n = combination++ % 2 == 0 ? 32 : 30;
                    List<RunSpec> group = new ArrayList<>();
                    for (long seed = 0; seed < 3; seed++) {
                        RunSpec s = Specs.spec(TaskSpec.teacher(4, 3, n, 0.0), hidden, a, InitScheme.LECUN_NORMAL,
                                TieMode.IN_OUT, 1, List.of(0, 1), 40, seed, training);
                        group.add(with(s, seed == 0 ? 0.0 : 1e-6, s.lr()));
                    }
                    assertNotNull(LaneBatch.key(group.get(0)), group.get(0).canonical());
                    assertSameResults(group, lanes.train(group));      // the float lanes themselves
                    all.addAll(group);
                }
            }
        }
        assertSameAsScalar(all);        // and through BatchedRuns, which batches them so
    }

    /** Through BatchedRuns (the sweep's path), in two different orders: every result as the scalar path's. */
    private static void assertSameAsScalar(List<RunSpec> specs) {
        List<RunResult> forward = new ArrayList<>();
        new BatchedRuns(specs.iterator()).forEachRemaining(forward::add);
        assertSameResults(specs, byId(specs, forward));
        List<RunSpec> reversed = new ArrayList<>(specs);
        java.util.Collections.reverse(reversed);
        List<RunResult> backward = new ArrayList<>();
        new BatchedRuns(reversed.iterator()).forEachRemaining(backward::add);
        assertSameResults(specs, byId(specs, backward));
    }

    private static RunSpec with(RunSpec s, double epsilon, double lr) {
        return new RunSpec(s.sweep(), s.task(), s.dataSeed(), s.initSeed(), s.widths(), s.activation(), s.init(),
                s.tieLayer(), s.tieUnits(), s.tieMode(), epsilon, s.steps(), lr, s.delta(), s.checkpoints(),
                s.training(), s.variant());
    }

    private static List<RunResult> byId(List<RunSpec> specs, List<RunResult> results) {
        assertEquals(specs.size(), results.size());
        List<RunResult> ordered = new ArrayList<>();
        for (RunSpec s : specs) {
            ordered.add(results.stream().filter(r -> r.spec() == s).findFirst().orElseThrow());
        }
        return ordered;
    }

    private static void assertSameResults(List<RunSpec> specs, List<RunResult> actual) {
        Trainer scalar = new Trainer();
        for (int k = 0; k < specs.size(); k++) {
            RunResult expected = scalar.run(specs.get(k));
            assertEquals(withoutTime(expected), withoutTime(actual.get(k)), "run " + k + " " + specs.get(k).canonical());
        }
    }

    private static RunResult withoutTime(RunResult r) {
        return new RunResult(r.spec(), r.outcome(), r.distStart(), r.distEnd(), r.relEnd(), r.divergeStep(),
                r.growthRate(), r.finalLoss(), r.finalAccuracy(), 0, r.error(), r.checkpoints(), r.duplication());
    }
}
