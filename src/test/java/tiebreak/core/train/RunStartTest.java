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
        for (double r : new double[] {-0.5, 0.0, 0.3, 1.0, 1.5}) {
            for (long seed = 0; seed < 2; seed++) {
                specs.add(new RunSpec("t", TEACHER, 7, seed, List.of(4, 5, 1), Activation.TANH, InitScheme.LECUN_NORMAL,
                        1, List.of(0, 2), TieMode.IN, seed == 0 ? 0.0 : 1e-6, 30, 0.05, 1e-3, 8,
                        Training.PLAIN.withDuplication(25, r), ""));
            }
        }
        assertTrue(tiebreak.core.lanes.LaneBatch.key(specs.get(0)) != null, "the runs go to the lanes");
        java.util.List<tiebreak.core.tie.RunResult> lanes = new java.util.ArrayList<>();
        new tiebreak.core.lanes.BatchedRuns(specs.iterator()).forEachRemaining(lanes::add);
        Trainer scalar = new Trainer();
        for (RunSpec spec : specs) {
            tiebreak.core.tie.RunResult expected = scalar.run(spec);
            tiebreak.core.tie.RunResult actual = lanes.stream().filter(x -> x.spec() == spec).findFirst().orElseThrow();
            assertEquals(expected.checkpoints(), actual.checkpoints(), spec.canonical());
            assertEquals(expected.outcome(), actual.outcome());
        }
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
