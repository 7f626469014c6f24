package tiebreak.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
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
import tiebreak.core.tie.TieInvariantTest;

/**
 * The protocol's expected answers, one perturbation at a time, on several seeds: whatever treats both units
 * alike keeps an in+out tie bit for bit; whatever treats them differently breaks it.
 */
class PerturbationOutcomeTest {
    private static final TaskSpec TEACHER = TaskSpec.teacher(4, 3, 32, 0.0);
    private static final long[] SEEDS = {1, 2, 3};

    static Stream<Arguments> preserving() {
        return Stream.of("plain", "minibatch", "momentum", "adam", "rmsprop", "weight_decay", "label_noise",
                "input_noise", "float32")
                .flatMap(p -> Stream.of(Activation.TANH, Activation.RELU).map(a -> Arguments.of(p, a)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("preserving")
    void inOut_staysTiedBitForBit(String perturbation, Activation activation) {
        for (long seed : SEEDS) {
            RunSpec spec = Specs.spec(TEACHER, List.of(6), activation, InitScheme.LECUN_NORMAL, TieMode.IN_OUT, 1,
                    List.of(0, 1), 300, seed, Specs.training(perturbation));
            Trainer trainer = new Trainer();
            RunResult r = trainer.run(spec);
            assertEquals(Outcome.TIED, r.outcome(), perturbation + " seed " + seed + " dist_end " + r.distEnd());
            assertUnitsEqual(trainer.parameters(), 1, 0, 1);
            assertTrue(r.finalLoss() < r.checkpoints().get(0).loss(), "it trained");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dropout", "grad_noise", "lr_jitter", "sequential"})
    void inOut_isBroken(String perturbation) {
        for (Activation activation : List.of(Activation.TANH, Activation.RELU)) {
            for (long seed : SEEDS) {
                RunSpec spec = Specs.spec(TEACHER, List.of(6), activation, InitScheme.LECUN_NORMAL, TieMode.IN_OUT, 1,
                        List.of(0, 1), 300, seed, Specs.training(perturbation));
                RunResult r = new Trainer().run(spec);
                assertTrue(r.outcome() == Outcome.DIVERGED || r.outcome() == Outcome.SPLIT,
                        perturbation + " " + activation + " seed " + seed + ": " + r.outcome());
                assertTrue(r.distEnd() > 0);
            }
        }
    }

    static Stream<Arguments> everyInitTaskAndPlace() {
        List<InitScheme> inits = List.of(InitScheme.LECUN_NORMAL, InitScheme.parse("xavier-uniform"),
                InitScheme.parse("he-normal"), InitScheme.parse("zero"), InitScheme.parse("constant:0.3"));
        List<TaskSpec> tasks = List.of(TEACHER, TaskSpec.parity(3, 0), TaskSpec.blobs(3, 3, 30, 0.5), TaskSpec.iris());
        Stream<Arguments> byInit = inits.stream().map(i -> Arguments.of(TEACHER, i, List.of(5, 4), 1, List.of(0, 1)));
        Stream<Arguments> byTask = tasks.stream().map(t -> Arguments.of(t, InitScheme.LECUN_NORMAL, List.of(5, 4), 1, List.of(1, 4)));
        Stream<Arguments> byPlace = Stream.of(
                Arguments.of(TEACHER, InitScheme.LECUN_NORMAL, List.of(5, 7), 2, List.of(0, 6)),
                Arguments.of(TEACHER, InitScheme.LECUN_NORMAL, List.of(5, 7), 1, List.of(0, 2, 4)),
                Arguments.of(TaskSpec.iris(), InitScheme.LECUN_NORMAL, List.of(5, 7), 2, List.of(6, 1, 3)));
        return Stream.of(byInit, byTask, byPlace).flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0} {1} hidden {2} layer {3} group {4}")
    @MethodSource("everyInitTaskAndPlace")
    void inOut_staysTied_everyInitTaskLayerAndGroup(TaskSpec task, InitScheme init, List<Integer> hidden, int layer,
            List<Integer> group) {
        for (long seed : SEEDS) {
            for (Activation activation : List.of(Activation.TANH, Activation.SIGMOID)) {
                RunSpec spec = Specs.spec(task, hidden, activation, init, TieMode.IN_OUT, layer, group, 200, seed,
                        Training.PLAIN);
                Trainer trainer = new Trainer();
                RunResult r = trainer.run(spec);
                assertEquals(Outcome.TIED, r.outcome(), task.name() + " " + init.label() + " seed " + seed);
                for (int m = 1; m < group.size(); m++) {
                    assertUnitsEqual(trainer.parameters(), layer, group.get(0), group.get(m));
                }
                if (task.isClassification()) {
                    assertTrue(r.finalAccuracy() != null && r.finalAccuracy() >= 0 && r.finalAccuracy() <= 1);
                }
            }
        }
    }

    /** Zero init, every unit tied: the outgoing weights move (sigmoid(0) = 1/2 ≠ 0), yet all units stay identical. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void zeroInit_allTied_outgoingWeightsMove_unitsStayIdentical(int seed) {
        RunSpec spec = Specs.spec(TEACHER, List.of(6), Activation.SIGMOID, InitScheme.parse("zero"), TieMode.ALL, 1,
                List.of(0, 1), 300, seed, Training.PLAIN);
        Trainer trainer = new Trainer();
        RunResult r = trainer.run(spec);
        assertEquals(Outcome.TIED, r.outcome());
        Parameters p = trainer.parameters();
        assertNotEquals(0.0, p.weight(1).get(0, 0), "outgoing weights moved");
        for (int u = 1; u < 6; u++) {
            assertUnitsEqual(p, 1, 0, u);
        }
    }

    /** Tie mode all: every unit of the layer equal to the first, through training. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void allMode_keepsTheWholeLayerEqual(int seed) {
        RunSpec spec = Specs.spec(TEACHER, List.of(5, 4), Activation.TANH, InitScheme.LECUN_NORMAL, TieMode.ALL, 2,
                List.of(2, 0), 200, seed, Specs.training("adam"));
        Trainer trainer = new Trainer();
        assertEquals(Outcome.TIED, trainer.run(spec).outcome());
        for (int u = 0; u < 4; u++) {
            assertUnitsEqual(trainer.parameters(), 2, 2, u);
        }
    }

    static void assertUnitsEqual(Parameters p, int layer, int i, int j) {
        DMatrixRMaj in = p.weight(layer - 1);
        DMatrixRMaj out = p.weight(layer);
        for (int r = 0; r < in.numRows; r++) {
            TieInvariantTest.assertBitEqual(in.get(r, i), in.get(r, j));
        }
        TieInvariantTest.assertBitEqual(p.bias(layer - 1).get(0, i), p.bias(layer - 1).get(0, j));
        for (int c = 0; c < out.numCols; c++) {
            TieInvariantTest.assertBitEqual(out.get(i, c), out.get(j, c));
        }
    }
}
