package tiebreak.core.math;

/**
 * {@link StrictMath#cos}'s bits without its allocation. Java 25's StrictMath is fdlibm ported to Java, and its
 * cos takes two fresh arrays per call for the argument reduction (32 bytes a call as measured, where Java 17's
 * native fdlibm takes none); every normal deviate of {@link Rng#nextGaussian} calls cos once, so a training step
 * with input, label or gradient noise allocated on Java 25. This is the same fdlibm 5.3 algorithm (s_cos.c,
 * e_rem_pio2.c up to its medium range, k_cos.c, k_sin.c), operation for operation and with its constants, the
 * reduction's two results kept in locals; so the bits are StrictMath's on every JVM ({@code StrictCosTest}).
 * Beyond |x| = 2^19·π/2, and for ±inf and NaN, it calls {@link StrictMath#cos} itself (Box–Muller's angles
 * lie in [0, 2π)).
 *
 * <p>fdlibm: Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved. Developed at SunSoft, a Sun
 * Microsystems, Inc. business. Permission to use, copy, modify, and distribute this software is freely granted,
 * provided that this notice is preserved.
 */
public final class StrictCos {
    private StrictCos() {
    }

    // e_rem_pio2.c: 2/π, and π/2 in three pieces of 33 bits with their tails (the first ones public, with the
    // kernels' coefficients, for the lane kernel's cos)
    public static final double INV_PIO2 = 0x1.45f306dc9c883p-1;
    public static final double PIO2_1 = 0x1.921fb544p0;
    public static final double PIO2_1T = 0x1.0b4611a626331p-34;
    private static final double PIO2_2 = 0x1.0b4611a6p-34;
    private static final double PIO2_2T = 0x1.3198a2e037073p-69;
    private static final double PIO2_3 = 0x1.3198a2ep-69;
    private static final double PIO2_3T = 0x1.b839a252049c1p-104;
    /** High words of n·π/2, n = 1..32: where the quick reduction may cancel. */
    private static final int[] NPIO2_HW = {
        0x3FF921FB, 0x400921FB, 0x4012D97C, 0x401921FB, 0x401F6A7A, 0x4022D97C,
        0x4025FDBB, 0x402921FB, 0x402C463A, 0x402F6A7A, 0x4031475C, 0x4032D97C,
        0x40346B9C, 0x4035FDBB, 0x40378FDB, 0x403921FB, 0x403AB41B, 0x403C463A,
        0x403DD85A, 0x403F6A7A, 0x40407E4C, 0x4041475C, 0x4042106C, 0x4042D97C,
        0x4043A28C, 0x40446B9C, 0x404534AC, 0x4045FDBB, 0x4046C6CB, 0x40478FDB,
        0x404858EB, 0x404921FB,
    };

    // k_sin.c
    public static final double S1 = -0x1.5555555555549p-3;
    public static final double S2 = 0x1.111111110f8a6p-7;
    public static final double S3 = -0x1.a01a019c161d5p-13;
    public static final double S4 = 0x1.71de357b1fe7dp-19;
    public static final double S5 = -0x1.ae5e68a2b9cebp-26;
    public static final double S6 = 0x1.5d93a5acfd57cp-33;

    // k_cos.c
    public static final double C1 = 0x1.555555555554cp-5;
    public static final double C2 = -0x1.6c16c16c15177p-10;
    public static final double C3 = 0x1.a01a019cb159p-16;
    public static final double C4 = -0x1.27e4f809c52adp-22;
    public static final double C5 = 0x1.1ee9ebdb4b1c4p-29;
    public static final double C6 = -0x1.8fae9be8838d4p-37;

    /** cos(x) with the bits of {@link StrictMath#cos}. */
    public static double cos(double x) {
        int hx = highWord(x);
        int ix = hx & 0x7fffffff;
        if (ix <= 0x3fe921fb) {                     // |x| ~<= π/4
            return kernelCos(x, 0.0);
        }
        if (ix > 0x413921fb) {                      // beyond the medium range, ±inf, NaN
            return StrictMath.cos(x);
        }
        // __ieee754_rem_pio2: x = n·π/2 + (y0 + y1)
        int n;
        double y0;
        double y1;
        if (ix < 0x4002d97c) {                      // |x| < 3π/4: n = ±1
            if (hx > 0) {
                double z = x - PIO2_1;
                if (ix != 0x3ff921fb) {             // 33 + 53 bits of π are enough
                    y0 = z - PIO2_1T;
                    y1 = (z - y0) - PIO2_1T;
                } else {                            // near π/2: 33 + 33 + 53 bits
                    z -= PIO2_2;
                    y0 = z - PIO2_2T;
                    y1 = (z - y0) - PIO2_2T;
                }
                n = 1;
            } else {
                double z = x + PIO2_1;
                if (ix != 0x3ff921fb) {
                    y0 = z + PIO2_1T;
                    y1 = (z - y0) + PIO2_1T;
                } else {
                    z += PIO2_2;
                    y0 = z + PIO2_2T;
                    y1 = (z - y0) + PIO2_2T;
                }
                n = -1;
            }
        } else {                                    // |x| ~<= 2^19·π/2
            double t = Math.abs(x);
            n = (int) (t * INV_PIO2 + 0.5);
            double fn = n;
            double r = t - fn * PIO2_1;
            double w = fn * PIO2_1T;                // first round good to 85 bits
            y0 = r - w;
            if (n >= 32 || ix == NPIO2_HW[n - 1]) {
                int j = ix >> 20;
                int i = j - ((highWord(y0) >> 20) & 0x7ff);
                if (i > 16) {                       // second round, good to 118 bits
                    t = r;
                    w = fn * PIO2_2;
                    r = t - w;
                    w = fn * PIO2_2T - ((t - r) - w);
                    y0 = r - w;
                    i = j - ((highWord(y0) >> 20) & 0x7ff);
                    if (i > 49) {                   // third round, 151 bits
                        t = r;
                        w = fn * PIO2_3;
                        r = t - w;
                        w = fn * PIO2_3T - ((t - r) - w);
                        y0 = r - w;
                    }
                }
            }
            y1 = (r - y0) - w;
            if (hx < 0) {
                y0 = -y0;
                y1 = -y1;
                n = -n;
            }
        }
        return switch (n & 3) {
            case 0 -> kernelCos(y0, y1);
            case 1 -> -kernelSin(y0, y1);
            case 2 -> -kernelCos(y0, y1);
            default -> kernelSin(y0, y1);
        };
    }

    /** k_cos.c: cos(x + y) on [−π/4, π/4], y the tail of x. */
    private static double kernelCos(double x, double y) {
        int ix = highWord(x) & 0x7fffffff;
        if (ix < 0x3e400000 && (int) x == 0) {     // |x| < 2^-27
            return 1.0;
        }
        double z = x * x;
        double r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
        if (ix < 0x3fd33333) {                      // |x| < 0.3
            return 1.0 - (0.5 * z - (z * r - x * y));
        }
        double qx = ix > 0x3fe90000 ? 0.28125                                  // |x| > 0.78125
                : Double.longBitsToDouble((long) (ix - 0x00200000) << 32);     // |x|/4, low word cleared
        double hz = 0.5 * z - qx;
        double a = 1.0 - qx;
        return a - (hz - (z * r - x * y));
    }

    /** k_sin.c with iy = 1 (y is a tail): sin(x + y) on [−π/4, π/4]. */
    private static double kernelSin(double x, double y) {
        int ix = highWord(x) & 0x7fffffff;
        if (ix < 0x3e400000 && (int) x == 0) {     // |x| < 2^-27
            return x;
        }
        double z = x * x;
        double v = z * x;
        double r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
        return x - ((z * (0.5 * y - v * r) - y) - v * S1);
    }

    private static int highWord(double x) {
        return (int) (Double.doubleToRawLongBits(x) >> 32);
    }
}
