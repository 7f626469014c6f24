package tiebreak.core.math;

/**
 * Bit-reproducible {@code exp}, {@code expm1}, {@code tanh} and logistic {@code sigmoid} ({@link DetErf}
 * has erf, erfc and GELU under the same rules).
 *
 * <p>Why: {@code Math.exp}/{@code Math.tanh} may run as JIT intrinsics whose last bits differ
 * between CPUs and JDK releases (on x86-64, {@code Math.tanh} equals {@code StrictMath.tanh} on
 * Java 17 but not on Java 25), which would break the bit-for-bit comparison of training runs, and
 * {@code StrictMath} is reproducible but slow. Everything here is built only from IEEE 754 basic
 * operations (+ - * /, comparisons, {@code Math.abs}, exponent-bit manipulation) and, in fastTanh, explicit
 * {@link Math#fma}, which Java 17+ (JEP 306) evaluates exactly as written, one correctly rounded operation at
 * a time and never fused implicitly, so the same input yields the same bits on every JVM, JIT tier and CPU.
 *
 * <p>Consequently the order of operations below is part of the results: reordering or
 * "simplifying" any expression changes bits, which {@code DetMathTest.goldenBits} catches.
 * Accuracy (measured in {@code DetMathTest}): exp and expm1 within 1 ulp of {@code StrictMath},
 * tanh and sigmoid within 2 ulp; against a high-precision reference tanh is within ~0.65 ulp.
 */
public final class DetMath {
    // The constants of exp, expm1, tanh and sigmoid are public for the lane versions (the lane kernel's LaneMath),
    // which must use exactly the same values.
    private DetMath() {}

    // ---- range reduction constants: x = k*ln2 + r, ln2 split so that k*LN2_HI is exact ----
    public static final double INV_LN2 = 0x1.71547652b82fep0;      // 1/ln2
    public static final double TWO_INV_LN2 = 2 * INV_LN2;             // exact
    public static final double LN2_HI = 0x1.62e42feep-1;           // low 21 bits zero (fdlibm)
    public static final double LN2_LO = 0x1.a39ef35793c76p-33;     // ln2 - LN2_HI
    /** 1.5*2^52: adding it rounds to an integer (ties-to-even); that integer sits in the low bits. */
    public static final double SHIFT = 0x1.8p52;

    // ---- Taylor coefficients 1/n!, n = 2..13 (q(r) = (e^r - 1 - r) / r^2), javac-folded constants ----
    public static final double C2 = 1.0 / 2;
    public static final double C3 = 1.0 / 6;
    public static final double C4 = 1.0 / 24;
    public static final double C5 = 1.0 / 120;
    public static final double C6 = 1.0 / 720;
    public static final double C7 = 1.0 / 5040;
    public static final double C8 = 1.0 / 40320;
    public static final double C9 = 1.0 / 362880;
    public static final double C10 = 1.0 / 3628800;
    public static final double C11 = 1.0 / 39916800;
    public static final double C12 = 1.0 / 479001600;
    public static final double C13 = 1.0 / 6227020800.0;

    // ---- fdlibm's R(z) = r (e^r + 1)/(e^r - 1) = 2 + z (R1 + R2 z + ... + R5 z^4), z = r^2, |r| <= ln2/2
    //      (e_exp.c's P1..P5, Remez; |error| below 2^-59), for fastTanh ----
    public static final double R1 = 0x1.555555555553ep-3;
    public static final double R2 = -0x1.6c16c16bebd93p-9;
    public static final double R3 = 0x1.1566aaf25de2cp-14;
    public static final double R4 = -0x1.bbd41c5d26bf1p-20;
    public static final double R5 = 0x1.6376972bea4d0p-25;

    // ---- tanh(s) = s + s^3 * G(s^2) for s < 0.4: Chebyshev fit (mpmath chebyfit, 300 bits) of
    //      G(u) = (tanh(sqrt u) - sqrt u) / u^1.5 on u in [0, 0.16], degree 8; the fit error is below
    //      0.08 ulp of tanh(s) ----
    public static final double T0 = -0x1.5555555555555p-2;
    public static final double T1 = 0x1.1111111110b9fp-3;
    public static final double T2 = -0x1.ba1ba1b938326p-5;
    public static final double T3 = 0x1.664f48104c0c9p-6;
    public static final double T4 = -0x1.226e1871fc56dp-7;
    public static final double T5 = 0x1.d6cb933d4b73bp-9;
    public static final double T6 = -0x1.7cf1caf964f45p-10;
    public static final double T7 = 0x1.2c872c4b78687p-11;
    public static final double T8 = -0x1.7925184d2d3bbp-13;

    /** tanh: polynomial below this |x|, 1 - 2/(e^(2|x|) + 1) (see tanhMid) from here to 22. */
    public static final double TANH_POLY = 0.4;
    public static final double TANH_FLAT = 22.0;
    /** 1.5*2^28: (h + GRID24) - GRID24 rounds |h| < 2^27 to a multiple of 2^-24. */
    public static final double GRID24 = 0x1.8p28;
    /** 1.5*2^25: (w + GRID27) - GRID27 rounds w in [0, 1) to a multiple of 2^-27. */
    public static final double GRID27 = 0x1.8p25;
    private static final long ONE_BITS = 0x3ff0000000000000L;   // bits of 1.0
    /** exp fast path bound: 2^k and the result are normal doubles for |x| < 708. */
    public static final double EXP_FAST = 708.0;

    /** e^x; +inf above ~709.78, 0 below ~-745.13 (with correctly rounded subnormals), NaN for NaN. */
    public static double exp(double x) {
        if (Math.abs(x) < EXP_FAST) {
            double t = x * INV_LN2 + SHIFT;                        // low mantissa bits: k
            double kd = t - SHIFT;                                 // k = round(x/ln2), exact
            double hi = x - kd * LN2_HI;                           // exact
            double lo = kd * LN2_LO;
            double r = hi - lo;                                    // |r| <= ~ln2/2
            double r2 = r * r;
            double y = 1.0 + (hi - (lo - r2 * q(r, r2)));          // e^r
            return y * twoPow(t);                                  // * 2^k, exact
        }
        return expEdge(x);
    }

    /** e^x - 1, accurate in relative terms near 0; -1 for x below ~-37.4; keeps -0. */
    public static double expm1(double x) {
        if (x >= -36.0 && x <= 709.0 && x != 0) {
            return expm1Core(x);
        }
        // +-0, NaN, +-inf, x < -36 (-1 + e^x with e^x < 2^-51), x > 709 (the -1 is far below an ulp)
        return x == 0 ? x : exp(x) - 1.0;
    }

    /** Hyperbolic tangent; odd by construction (computed on |x|, sign copied last). */
    public static double tanh(double x) {
        double s = Math.abs(x);
        double t;
        if (s < TANH_POLY) {
            // also exact for |x| < 2^-28 (the s^3 term is far below half an ulp) and for +-0
            double u = s * s;
            double u2 = u * u;
            double u4 = u2 * u2;
            double g = ((T0 + T1 * u) + (T2 + T3 * u) * u2)
                    + u4 * (((T4 + T5 * u) + (T6 + T7 * u) * u2) + u4 * T8);
            t = s + (s * u) * g;
        } else if (s <= 22.0) {
            t = tanhMid(s);
        } else if (s > 22.0) {
            t = 1.0;                                    // tanh rounds to 1 beyond ~19.06; incl. inf
        } else {
            return x;                                   // NaN
        }
        return Math.copySign(t, x);
    }

    /**
     * Hyperbolic tangent for the network's activation: fast, branch-free, the same bits on every JVM, within
     * 2 ulp of the correctly rounded tanh (over 2,000,000 points, and DetMathTest on mpmath's tanh-reference.csv)
     * and 4 of {@link StrictMath#tanh}, which is itself up to 2 ulp off (3 over DetMathTest's points).
     * With s = |x| reduced as −2s = k·ln2 + r, |r| ≤ ln2/2, e^r = (R + r)/(R − r) for fdlibm's
     * R(r²) = r(e^r + 1)/(e^r − 1) (a degree-5 polynomial in r², error below 2^−59), and
     * tanh s = (1 − 2^k e^r)/(1 + 2^k e^r) becomes one quotient:
     * <pre>  tanh s = (R(1 − 2^k) − r(1 + 2^k)) / (R(1 + 2^k) − r(1 − 2^k))</pre>
     * 1 ∓ 2^k are exact (k ∈ [−64, 0]); for k = 0 the numerator is −2r exactly, so small s keep their relative
     * accuracy. Against the former e^{−2s} − 1 by a degree-13 Taylor polynomial this drops seven multiply-adds
     * and the same division remains (arithmetic version 3). Fused multiply-adds ({@link Math#fma}, exactly
     * specified) keep the bits the same everywhere. |x| is clamped at 22 (tanh rounds to 1 from ~19.06), which
     * also maps ±inf to ±1; NaN stays NaN. Odd by construction. {@link #tanh} stays for the teacher's data.
     */
    public static double fastTanh(double x) {
        double s = Math.min(Math.abs(x), TANH_FLAT);
        double t = Math.fma(s, -TWO_INV_LN2, SHIFT);      // k = round(−2s/ln2) in the low bits
        double kd = t - SHIFT;                            // k in [-64, 0]
        double v = Math.fma(kd, LN2_LO, Math.fma(kd, LN2_HI, 2.0 * s));   // v = −r (the inner fma exact)
        double z = v * v;
        double p = Math.fma(Math.fma(Math.fma(Math.fma(R5, z, R4), z, R3), z, R2), z, R1);
        double rr = Math.fma(z, p, 2.0);                  // R(r²)
        double twoK = twoPow(t);
        double a = 1.0 - twoK;                            // exact
        double b = 1.0 + twoK;                            // exact but for k < −52, where tanh rounds to 1
        return Math.copySign(Math.fma(rr, a, v * b) / Math.fma(rr, b, v * a), x);
    }

    /**
     * Logistic function 1/(1+e^-x): 1/(1+e) for x >= 0 and e/(1+e) for x < 0, with e = e^-|x| <= 1
     * (never overflows). The two cases are selected with a sign-bit mask rather than a branch,
     * which random-signed inputs would mispredict half the time; the bits are those of the branchy
     * form. NaN in, NaN out.
     */
    public static double sigmoid(double x) {
        double e = exp(-Math.abs(x));
        long neg = Double.doubleToRawLongBits(x) >> 63;            // all ones iff sign bit set
        double num = Double.longBitsToDouble((ONE_BITS & ~neg) | (Double.doubleToRawLongBits(e) & neg));
        return num / (1.0 + e);
    }

    // ------------------------------------------------------------------------------------------

    /** (e^r - 1 - r) / r^2 for |r| <= ~0.35: Taylor degree 13 of e^r, Estrin scheme (short chain). */
    private static double q(double r, double r2) {
        double r4 = r2 * r2;
        double r8 = r4 * r4;
        double p0 = C2 + C3 * r;
        double p1 = C4 + C5 * r;
        double p2 = C6 + C7 * r;
        double p3 = C8 + C9 * r;
        double p4 = C10 + C11 * r;
        double p5 = C12 + C13 * r;
        return ((p0 + p1 * r2) + r4 * (p2 + p3 * r2)) + r8 * (p4 + p5 * r2);
    }

    /**
     * expm1 for -36 <= x <= 709, x != 0: e^x - 1 = (2^k - 1) + 2^k (e^r - 1). For |x| < ln2/2
     * (k = 0) this is exactly the direct form x + x^2 q(x). 2^k - 1 is split into a double a plus
     * its exact rounding error da, 2^k*r is exact, and the rounding error of a + 2^k*r is recovered
     * (Fast2Sum, valid since |a| >= |2^k r|), so only the last addition rounds at full scale.
     */
    private static double expm1Core(double x) {
        double t = x * INV_LN2 + SHIFT;
        double kd = t - SHIFT;                            // k in [-52, 1023]
        double hi = x - kd * LN2_HI;
        double lo = kd * LN2_LO;
        double r = hi - lo;
        double c = (hi - r) - lo;                         // rounding error of r
        double r2 = r * r;
        double twoK = twoPow(t);
        double a = twoK - 1.0;                            // exact for |k| <= 53, else 2^k
        double da = (twoK - a) - 1.0;                     // a + da = 2^k - 1 exactly
        double b = twoK * r;                              // exact
        double sum = a + b;
        double err = (a - sum) + b;                       // exact
        return sum + (err + (da + twoK * (c + r2 * q(r, r2))));
    }

    /**
     * tanh for 0.4 <= s <= 22 as 1 - w, w = 2/d, d = e^(2s) + 1. The naive form is up to ~1.3 ulp
     * off for s below ~1 (the roundings of e^(2s), of d and of the quotient all reach the result).
     * Here d = d_h + d_l with d_h = 2^k + 1 + 2^k*hi_h (hi_h = hi on a 2^-24 grid: d_h is exact
     * and has at most 25 significant bits while k <= 24, i.e. s < 8.5), and w = w_h + w_l with w_h
     * on a 2^-27 grid, so that w_h*d_h, 2 - w_h*d_h and 1 - w_h are exact. For larger s, w < 2^-23
     * and whatever rounding creeps into the residual is far below an ulp of the result. Only the
     * final subtraction rounds at full scale.
     */
    private static double tanhMid(double s) {
        double x = s + s;                                 // in [0.8, 44]: k in [1, 63]
        double t = s * TWO_INV_LN2 + SHIFT;               // same bits as x * INV_LN2 + SHIFT
        double kd = t - SHIFT;
        double hi = x - kd * LN2_HI;
        double lo = kd * LN2_LO;
        double r = hi - lo;
        double r2 = r * r;
        double twoK = twoPow(t);
        double hh = (hi + GRID24) - GRID24;               // hi rounded to a multiple of 2^-24
        double dh = (twoK + 1.0) + twoK * hh;             // exact (<= 25 bits for k <= 24)
        double dl = twoK * ((hi - hh) - lo) + (twoK * r2) * q(r, r2);
        double d = dh + dl;                               // e^x + 1
        double w0 = 2.0 / d;                              // only ~27 bits of it are needed
        double wh = (w0 + GRID27) - GRID27;               // w0 rounded to a multiple of 2^-27
        double wl = ((2.0 - wh * dh) - wh * dl) * (0.5 * w0);   // (2 - wh*d)/d
        return (1.0 - wh) - wl;
    }

    /**
     * 2^k for t = k + 1.5*2^52 (-1022 <= k <= 1023): the raw bits of t are those of 1.5*2^52 plus
     * k, whose low 12 bits are 0, so the low 12 bits of bits(t) + 1023 are the biased exponent.
     */
    private static double twoPow(double t) {
        return Double.longBitsToDouble((Double.doubleToRawLongBits(t) + 1023) << 52);
    }

    /** exp for |x| >= 708 or NaN: overflow, underflow into subnormals, and special values. */
    private static double expEdge(double x) {
        if (x != x) {
            return x;
        }
        if (x >= 710.0) {
            return Double.POSITIVE_INFINITY;
        }
        if (x <= -746.0) {
            return 0.0;
        }
        double t = x * INV_LN2 + SHIFT;
        long k = Double.doubleToRawLongBits(t) << 32 >> 32;   // in [-1077, 1025]
        double kd = t - SHIFT;
        double hi = x - kd * LN2_HI;
        double lo = kd * LN2_LO;
        double r = hi - lo;
        double r2 = r * r;
        double y = 1.0 + (hi - (lo - r2 * q(r, r2)));
        // 2^k = 2^k1 * 2^k2 with both factors normal: y * 2^k1 is exact, the second product rounds
        // once (to a subnormal, or to +inf for x > ~709.78), so subnormal results are correctly
        // rounded from y rather than rounded twice
        long k1 = k >> 1;
        long k2 = k - k1;
        return (y * Double.longBitsToDouble((k1 + 1023) << 52))
                * Double.longBitsToDouble((k2 + 1023) << 52);
    }
}
