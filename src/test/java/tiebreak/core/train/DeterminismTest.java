package tiebreak.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tiebreak.core.Specs;
import tiebreak.core.net.Activation;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.TieMode;
import tiebreak.core.tie.RunResult;

/** A run's result depends on its spec alone: not on the trainer's history or on which trainer runs it. */
class DeterminismTest {

    private static final List<RunSpec> MIXED = List.of(
            Specs.spec(List.of(4, 16, 1), Activation.TANH, TieMode.IN_OUT, 1, 0, 1, 1e-6, 200, 1),
            Specs.spec(List.of(4, 3, 1), Activation.RELU, TieMode.IN, 1, 2, 0, 0.0, 150, 2),
            Specs.spec(List.of(4, 9, 5, 1), Activation.SIGMOID, TieMode.OUT, 2, 1, 4, 1e-4, 120, 3),
            Specs.spec(List.of(4, 16, 1), Activation.LINEAR, TieMode.NONE, 1, 0, 1, 0.0, 100, 4));

    @Test
    void reusedTrainer_givesTheBitsOfAFreshOne() {
        Trainer reused = new Trainer();
        List<RunResult> inSequence = new ArrayList<>();
        for (RunSpec spec : MIXED) {
            inSequence.add(reused.run(spec));
        }
        // Same specs, reverse order, each on a fresh trainer.
        for (int k = MIXED.size() - 1; k >= 0; k--) {
            assertSameResult(inSequence.get(k), new Trainer().run(MIXED.get(k)));
        }
    }

    @Test
    void initSeed_changesTheResult() {
        RunResult a = new Trainer().run(MIXED.get(0));
        RunSpec other = Specs.spec(List.of(4, 16, 1), Activation.TANH, TieMode.IN_OUT, 1, 0, 1, 1e-6, 200, 99);
        assertNotEquals(a.finalLoss(), new Trainer().run(other).finalLoss());
    }

    static void assertSameResult(RunResult expected, RunResult actual) {
        assertEquals(expected.spec(), actual.spec());
        assertEquals(expected.outcome(), actual.outcome());
        assertEquals(expected.checkpoints(), actual.checkpoints(), "every checkpoint, bit for bit");
        assertEquals(expected.divergeStep(), actual.divergeStep());
        assertEquals(expected.growthRate(), actual.growthRate());
        assertEquals(Double.doubleToRawLongBits(expected.finalLoss()), Double.doubleToRawLongBits(actual.finalLoss()));
    }
}
