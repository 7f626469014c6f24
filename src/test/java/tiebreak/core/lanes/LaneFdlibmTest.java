package tiebreak.core.lanes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import tiebreak.core.math.Rng;
import tiebreak.core.math.StrictCos;

/**
 * fdlibm's log and cos in lanes have StrictMath's bits: on Box–Muller's arguments (millions of them), on the
 * places where fdlibm branches, and on the rare lanes that go to the scalar function, mixed into vectors of
 * common ones; and the lanes' normal deviates are each lane's {@link Rng#nextGaussian}.
 */
class LaneFdlibmTest {
    private static final int L = LaneMath.L;

    @Test
    void logHasStrictMathsBitsOnBoxMullersArgumentsAndAtItsBranches() {
        Rng rng = Rng.stream(5, Rng.Purpose.INIT);
        double[] x = new double[1 << 20];
        for (int k = 0; k < x.length; k++) {
            x[k] = switch (k % 4) {
                case 0, 1 -> 1.0 - rng.nextDouble();                         // (0, 1]
                case 2 -> Math.scalb(1.0 - rng.nextDouble(), rng.nextInt(200) - 100);
                default -> 1.0 + (rng.nextDouble() - 0.5) * 0x1p-18;        // near 1: both formulas, k = 0 and -1
            };
        }
        double[] special = {1.0, 0.5, 2.0, 0x1p-53, Math.sqrt(0.5), Math.sqrt(2.0), Math.nextDown(Math.sqrt(2.0)),
            Math.nextUp(1.0), Math.nextDown(1.0), 1.0 + 0x1p-21, 1.0 - 0x1p-21, 0.0, -0.0, -1.0, Double.MIN_VALUE,
            0x1p-1030, Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NaN, 0.75, 1.25, 1e300, 1e-300};
        System.arraycopy(special, 0, x, 0, special.length);
        assertSameBits(x, LaneFdlibm::log, StrictMath::log, "log");
    }

    @Test
    void cosHasStrictMathsBitsOnBoxMullersAnglesAndAtItsBranches() {
        Rng rng = Rng.stream(6, Rng.Purpose.INIT);
        double[] x = new double[1 << 20];
        double twoPi = 2.0 * StrictMath.PI;
        for (int k = 0; k < x.length; k++) {
            x[k] = k % 2 == 0 ? twoPi * rng.nextDouble()
                    : (1 + rng.nextInt(4)) * (Math.PI / 2) * (1 + (rng.nextDouble() - 0.5) * 1e-9);   // near n·π/2
        }
        double[] special = {0.0, -0.0, 0x1p-28, 0x1p-26, Math.PI / 4, Math.nextUp(Math.PI / 4), 0.3, 0.29, 0.78125,
            0.79, Math.PI / 2, Math.nextUp(Math.PI / 2), 3 * Math.PI / 4, Math.nextDown(3 * Math.PI / 4), Math.PI,
            3 * Math.PI / 2, twoPi, Math.nextDown(twoPi), -1.0, 7.0, 100.0, 1e10, Double.NaN,
            Double.POSITIVE_INFINITY};
        System.arraycopy(special, 0, x, 0, special.length);
        assertSameBits(x, LaneFdlibm::cos, StrictCos::cos, "cos");
        for (double v : x) {
            if (Math.abs(v) < 1e9) {
                assertEquals(Double.doubleToRawLongBits(StrictMath.cos(v)), Double.doubleToRawLongBits(StrictCos.cos(v)));
            }
        }
    }

    /** Each lane's deviates are its own stream's nextGaussian, in order, across two calls. */
    @Test
    void gaussiansAreEachLanesScalarDeviates() {
        int count = 20_000;
        long[] state = new long[L];
        Rng[] scalar = new Rng[L];
        for (int i = 0; i < L; i++) {
            state[i] = Rng.startState(300 + i, Rng.Purpose.GRADIENT_NOISE);
            scalar[i] = Rng.stream(300 + i, Rng.Purpose.GRADIENT_NOISE);
        }
        double[] out = LaneMath.buffer(count * L);
        double[] angle = LaneMath.buffer(count * L);
        double sum = 0;
        for (int call = 0; call < 2; call++) {
            LaneRng.gaussians(state, out, angle, count);
            for (int e = 0; e < count; e++) {
                for (int i = 0; i < L; i++) {
                    double actual = out[LaneMath.O + e * L + i];
                    assertEquals(Double.doubleToRawLongBits(scalar[i].nextGaussian()), Double.doubleToRawLongBits(actual),
                            "call " + call + " deviate " + e + " lane " + i);
                    sum += actual * actual;
                }
            }
        }
        double variance = sum / (2.0 * count * L);
        assertTrue(Math.abs(variance - 1) < 0.03, "variance " + variance);
    }

    private interface LaneFunction {
        void apply(double[] x, double[] out, int count);
    }

    /**
     * The lane function against the scalar one, in place and not, on x as given and shuffled into vectors whose
     * lanes take different paths.
     */
    private static void assertSameBits(double[] values, LaneFunction lanes, DoubleUnaryOperator scalar, String name) {
        for (int pass = 0; pass < 2; pass++) {
            double[] x = LaneMath.buffer(values.length);
            for (int k = 0; k < values.length; k++) {
                // the second pass puts the special values one to a vector among common ones
                int from = pass == 0 ? k : (k % L == 3 ? (k / L) % 64 : k);
                x[LaneMath.O + k] = values[from];
            }
            double[] out = LaneMath.buffer(values.length);
            lanes.apply(x, out, values.length);
            double[] inPlace = x.clone();
            lanes.apply(inPlace, inPlace, values.length);
            for (int k = 0; k < values.length; k++) {
                double v = x[LaneMath.O + k];
                long expected = Double.doubleToRawLongBits(scalar.applyAsDouble(v));
                assertEquals(expected, Double.doubleToRawLongBits(out[LaneMath.O + k]), name + "(" + v + ")");
                assertEquals(expected, Double.doubleToRawLongBits(inPlace[LaneMath.O + k]), name + "(" + v + ") in place");
            }
        }
    }
}
