package tiebreak.core.lanes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import tiebreak.core.math.Rng;
import tiebreak.core.train.Perturbations;

class LaneRngTest {
    /**
     * Each lane's masks are the scalar draws of its own dropout stream, in order, across two calls (the states
     * carry over), for a low, a middle and a high p.
     */
    @Test
    void masksAreEachLanesScalarDraws() {
        int count = 1000;
        for (double p : new double[] {0.1, 0.5, 0.9}) {
            double kept = Perturbations.keptScale(p);
            long[] state = new long[LaneMath.L];
            Rng[] scalar = new Rng[LaneMath.L];
            for (int i = 0; i < LaneMath.L; i++) {
                state[i] = Rng.startState(100 + i, Rng.Purpose.DROPOUT);
                scalar[i] = Rng.stream(100 + i, Rng.Purpose.DROPOUT);
            }
            double[] mask = LaneMath.buffer(count * LaneMath.L);
            int dropped = 0;
            for (int call = 0; call < 2; call++) {
                LaneRng.masks(state, p, kept, mask, count);
                for (int e = 0; e < count; e++) {
                    for (int i = 0; i < LaneMath.L; i++) {
                        double expected = Perturbations.maskEntry(scalar[i], p, kept);
                        double actual = mask[LaneMath.O + e * LaneMath.L + i];
                        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                                "p " + p + " call " + call + " element " + e + " lane " + i);
                        dropped += actual == 0.0 ? 1 : 0;
                    }
                }
            }
            // binomial(16,000, p): well within 6 sd of its mean
            double n = 2.0 * count * LaneMath.L;
            double sd = Math.sqrt(n * p * (1 - p));
            assertEquals(n * p, dropped, 6 * sd, "dropped at p " + p);
        }
    }
}
