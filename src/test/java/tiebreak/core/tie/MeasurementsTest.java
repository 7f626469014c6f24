package tiebreak.core.tie;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tiebreak.core.Specs;
import tiebreak.core.net.Activation;
import tiebreak.core.spec.TieMode;
import tiebreak.core.train.CheckpointSchedule;
import tiebreak.core.train.Trainer;

class MeasurementsTest {

    @Test
    void schedule_isLogSpacedWithEnds() {
        // 10^(k/4) for k = 0..4 is 1, 1.78, 3.16, 5.62, 10
        assertArrayEquals(new int[] {0, 1, 2, 3, 6, 10}, CheckpointSchedule.logSpaced(10, 5));
        int[] steps = CheckpointSchedule.logSpaced(500, 32);
        assertEquals(0, steps[0]);
        assertEquals(1, steps[1]);
        assertEquals(500, steps[steps.length - 1]);
        for (int k = 1; k < steps.length; k++) {
            assertEquals(true, steps[k] > steps[k - 1]);
        }
    }

    /** dist(t) = 1e-6 e^(0.02 t): the slope over the points with rel < δ is 0.02. */
    @Test
    void growthRate_isTheSlopeOfLogDistance_belowDelta() {
        List<Checkpoint> cps = new ArrayList<>();
        for (int t : new int[] {0, 10, 50, 100, 200, 400, 600}) {
            double dist = 1e-6 * Math.exp(0.02 * t);
            cps.add(new Checkpoint(t, dist, 0, dist, 1.0, dist, 0.1, Double.NaN));
        }
        // 1e-6 e^(0.02·400) = 2.98e-3 ≥ δ: the last two points do not count.
        assertEquals(0.02, Measurements.growthRate(cps, 1e-3), 1e-12);
        assertEquals(400, Measurements.divergeStep(cps, 1e-3));
    }

    @Test
    void growthRate_needsTwoPoints() {
        List<Checkpoint> cps = List.of(
                new Checkpoint(0, 0, 0, 0, 1, 0, 1, Double.NaN),
                new Checkpoint(5, 1e-4, 0, 1e-4, 1, 1e-4, 1, Double.NaN),
                new Checkpoint(9, 0.5, 0, 0.5, 1, 0.5, 1, Double.NaN));
        assertNull(Measurements.growthRate(cps, 1e-3), "only one point with 0 < dist and rel < δ");
        assertEquals(9, Measurements.divergeStep(cps, 1e-3));
    }

    @Test
    void rel_conventions() {
        assertEquals(0.0, TieProbe.relative(0, 0));
        assertEquals(Double.POSITIVE_INFINITY, TieProbe.relative(1e-3, 0));
        assertEquals(0.5, TieProbe.relative(1, 2));
    }

    @Test
    void epsilon_setsTheStartDistance() {
        for (TieMode mode : List.of(TieMode.IN, TieMode.OUT, TieMode.IN_OUT)) {
            RunResult r = new Trainer().run(Specs.spec(List.of(4, 6, 1), Activation.TANH, mode, 1, 0, 1, 1e-6, 5, 3));
            assertEquals(1e-6, r.distStart(), 1e-15, mode.label());
        }
    }
}
