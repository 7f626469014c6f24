package tiebreak.core.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** StrictCos against StrictMath.cos, bit for bit, and without allocation. */
class StrictCosTest {

    private static void assertSameBits(double x) {
        long expected = Double.doubleToRawLongBits(StrictMath.cos(x));
        long actual = Double.doubleToRawLongBits(StrictCos.cos(x));
        if (expected != actual) {
            assertEquals(StrictMath.cos(x), StrictCos.cos(x), "cos(" + x + ") = cos(" + Double.toHexString(x) + ")");
            assertEquals(expected, actual, "bits of cos(" + Double.toHexString(x) + ")");
        }
    }

    @Test
    void boxMullerAnglesHaveStrictMathsBits() {
        Rng rng = Rng.stream(7L, Rng.Purpose.GRADIENT_NOISE);
        for (int i = 0; i < 1_000_000; i++) {
            assertSameBits(2.0 * StrictMath.PI * rng.nextDouble());
        }
    }

    @Test
    void theMediumRangeAndItsEdgesHaveStrictMathsBits() {
        SplittableRandom random = new SplittableRandom(11L);
        for (int i = 0; i < 300_000; i++) {
            assertSameBits(random.nextDouble(-1e6, 1e6));                               // to past 2^19·π/2
            assertSameBits((random.nextBoolean() ? 1 : -1) * Math.exp(random.nextDouble(-30.0, 14.0)));
            assertSameBits(random.nextDouble(-10.0, 10.0));
        }
        // around n·π/2, where the reduction cancels and takes its second and third rounds, and around the
        // branch points of the reduction and of the kernels
        for (int n = -70; n <= 70; n++) {
            edges(n * (Math.PI / 2));
        }
        for (int n : new int[] {100, 1000, 12345, 333333, 411774, 524287, 524288}) {
            edges(n * (Math.PI / 2));
            edges(-n * (Math.PI / 2));
        }
        for (double c : new double[] {Math.PI / 4, 3 * Math.PI / 4, 0.3, 0.78125, 0x1p-27, 0x1.921fb54442d18p19,
                0x1.3921fbp20, 823549.6, 0.0, Double.MIN_VALUE, Double.MIN_NORMAL}) {
            edges(c);
            edges(-c);
        }
        // the 5,000 doubles nearest to π/2 and to 1000·π/2 on either side
        for (double c : new double[] {Math.PI / 2, 1000 * (Math.PI / 2)}) {
            neighbours(c, 5000);
        }
    }

    private static void edges(double c) {
        neighbours(c, 40);
    }

    /** c and the {@code count} doubles on either side of it. */
    private static void neighbours(double c, int count) {
        double x = c;
        double y = c;
        for (int k = 0; k < count; k++) {
            assertSameBits(x);
            assertSameBits(y);
            x = Math.nextUp(x);
            y = Math.nextDown(y);
        }
    }

    @Test
    void beyondTheMediumRangeAndSpecialValuesAreStrictMaths() {
        for (double x : new double[] {1e7, -1e7, 1e15, 1e300, -1e300, Double.MAX_VALUE, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.NaN, -0.0}) {
            assertSameBits(x);
        }
    }

    @Test
    void allocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        double sum = 0;
        for (int i = 0; i < 200_000; i++) {
            sum += StrictCos.cos(i * 3e-5);                  // warm up: compiled code, as in training
        }
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 1_000_000; i++) {
            sum += StrictCos.cos(i * 6.283185307179586e-6);
        }
        long bytes = threads.getThreadAllocatedBytes(thread) - before;
        assertTrue(bytes < 10_000, "1,000,000 calls allocated " + bytes + " bytes (sum " + sum + ")");
    }
}
