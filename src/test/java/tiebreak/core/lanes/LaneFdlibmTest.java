package tiebreak.core.lanes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import tiebreak.core.math.Rng;
import tiebreak.core.math.StrictCos;

/**
 * fdlibm's log and cos in lanes have StrictMath's bits: on Box–Muller's arguments (2^20 of each), on both
 * sides of every threshold where fdlibm branches, each alone in a vector of common arguments (so that the
 * lane path computes it unless it is one of the rare ones that go to the scalar function) and in a vector of
 * its own; and the lanes' normal deviates are each lane's {@link Rng#nextGaussian}.
 */
class LaneFdlibmTest {
    private static final int L = LaneMath.L;

    @Test
    void logHasStrictMathsBitsOnBoxMullersArgumentsAndAtItsBranches() {
        Rng rng = Rng.stream(5, Rng.Purpose.INIT);
        double[] x = common(rng, 1 << 20, r -> switch (r.nextInt(3)) {
            case 0 -> 1.0 - r.nextDouble();                                   // (0, 1]
            case 1 -> Math.scalb(1.0 - r.nextDouble(), r.nextInt(200) - 100);
            default -> 1.0 + (r.nextDouble() - 0.5) * 0x1p-18;                 // near 1: k = 0 and -1, both formulas
        });
        // fdlibm's thresholds on the high word's mantissa: (i | j) > 0 at 0x6147a and 0x6b851, the normalisation
        // at 0x6a09b/0x6a09c, each on either side, with exponents 0 and -1
        java.util.List<Double> special = new java.util.ArrayList<>(java.util.List.of(1.0, 0.5, 2.0, 0x1p-53,
            Math.sqrt(0.5), Math.sqrt(2.0), Math.nextDown(Math.sqrt(2.0)), Math.nextUp(1.0), Math.nextDown(1.0),
            1.0 + 0x1p-21, 1.0 - 0x1p-21, 0.0, -0.0, -1.0, Double.MIN_VALUE, 0x1p-1030, Double.MAX_VALUE,
            Double.POSITIVE_INFINITY, Double.NaN, 0.75, 1.25, 1e300, 1e-300));
        for (long mantissa : new long[] {0x6147aL, 0x6b851L, 0x6a09bL, 0x6a09cL}) {
            for (long m = mantissa - 1; m <= mantissa + 1; m++) {
                for (long exponent : new long[] {0x3ff00000L, 0x3fe00000L}) {
                    special.add(Double.longBitsToDouble(((exponent | m) << 32) | 0x12345678L));
                    special.add(Double.longBitsToDouble((exponent | m) << 32));
                }
            }
        }
        scatter(x, special);
        assertSameBits(x, LaneFdlibm::log, StrictMath::log, "log");
    }

    @Test
    void cosHasStrictMathsBitsOnBoxMullersAnglesAndAtItsBranches() {
        Rng rng = Rng.stream(6, Rng.Purpose.INIT);
        double twoPi = 2.0 * StrictMath.PI;
        double[] x = common(rng, 1 << 20, r -> twoPi * r.nextDouble());
        java.util.List<Double> special = new java.util.ArrayList<>(java.util.List.of(0.0, -0.0, 0x1p-28, 0x1p-26,
            Math.PI / 4, Math.nextUp(Math.PI / 4), Math.nextDown(Math.PI / 4), 0.3, 0.29, 0.78125, 0.79,
            Math.PI / 2, Math.nextUp(Math.PI / 2), 3 * Math.PI / 4, Math.nextDown(3 * Math.PI / 4),
            Math.nextUp(3 * Math.PI / 4), Math.PI, 3 * Math.PI / 2, twoPi, Math.nextDown(twoPi), -1.0, 7.0, 100.0,
            1e10, Double.NaN, Double.POSITIVE_INFINITY));
        // the high words next to n·π/2's (n = 1..4, the reduction's second round falls back at them) and the
        // thresholds of the kernels' branches, each on either side
        for (long word : new long[] {0x3ff921fbL, 0x400921fbL, 0x4012d97cL, 0x401921fbL, 0x3fe921fbL, 0x4002d97cL}) {
            for (long w = word - 1; w <= word + 1; w++) {
                special.add(Double.longBitsToDouble((w << 32) | 0x54442d18L));
                special.add(Double.longBitsToDouble(w << 32));
                special.add(Double.longBitsToDouble((w << 32) | 0xffffffffL));
            }
        }
        for (long word : new long[] {0x3fd33333L, 0x3fe90000L}) {     // reduced arguments y0 = x for x <= π/4
            for (long w = word - 1; w <= word + 1; w++) {
                special.add(Double.longBitsToDouble((w << 32) | 0x9999L));
            }
        }
        for (int n = 1; n <= 4; n++) {                                // n·π/2 + δ: small reduced arguments
            for (double delta : new double[] {1e-3, -1e-3, 1e-6, -1e-6, 0.3, -0.3, 0.7, -0.7}) {
                special.add(n * (Math.PI / 2) + delta);
            }
        }
        scatter(x, special);
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

    private static double[] common(Rng rng, int count, java.util.function.ToDoubleFunction<Rng> draw) {
        double[] x = new double[count];
        for (int k = 0; k < count; k++) {
            x[k] = draw.applyAsDouble(rng);
        }
        return x;
    }

    /**
     * Each special value alone in a vector of common ones (in lane 3), so that the vector takes the lane path
     * unless the special value itself sends it to the scalar function; then each again, filling a whole vector.
     */
    private static void scatter(double[] x, java.util.List<Double> special) {
        for (int v = 0; v < special.size(); v++) {
            x[v * L + 3] = special.get(v);
            for (int lane = 0; lane < L; lane++) {
                x[(special.size() + v) * L + lane] = special.get(v);
            }
        }
    }

    /** The lane function against the scalar one, into another array and in place. */
    private static void assertSameBits(double[] values, LaneFunction lanes, DoubleUnaryOperator scalar, String name) {
        double[] x = LaneMath.buffer(values.length);
        System.arraycopy(values, 0, x, LaneMath.O, values.length);
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
