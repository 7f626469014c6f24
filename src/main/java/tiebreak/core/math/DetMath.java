package tiebreak.core.math;

/**
 * Bit-reproducible {@code exp}, {@code expm1}, {@code tanh}, logistic {@code sigmoid}, {@code erf},
 * {@code erfc} and the erf-based GELU with its derivative.
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
 * erf, erfc, gelu and geluDerivative are checked against a 300-bit mpmath table
 * ({@code erf-reference.csv}), since Java has no StrictMath.erf to compare with.
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

    // ---- erf / erfc: the rational approximations of fdlibm's s_erf.c (FreeBSD msun, Sun's
    //      StrictMath-era libm), coefficients bit for bit; its notice, which it asks to keep:
    //      "Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved. Developed at SunSoft,
    //      a Sun Microsystems, Inc. business. Permission to use, copy, modify, and distribute this
    //      software is freely granted, provided that this notice is preserved." ----
    /** erf(1) rounded to 24 bits: on [0.84375, 1.25) erf = ERX + P/Q with |P/Q| < 0.078. */
    private static final double ERX = 0x1.b0ac16p-1;
    private static final double ONE_MINUS_ERX = 1.0 - ERX;            // exact (24-bit ERX)
    /** 2/sqrt(pi) - 1, so that erf(x) = x + EFX*x for |x| < 2^-28; EFX8 = 8*EFX (exact). */
    private static final double EFX = 0x1.06eba8214db69p-3;
    private static final double EFX8 = 0x1.06eba8214db69p0;
    // |x| < 0.84375: erf(x) = x + x*R(x^2), R = P/Q, |R - (erf(x) - x)/x| < 2^-57.90
    private static final double PP0 = 0x1.06eba8214db68p-3;
    private static final double PP1 = -0x1.4cd7d691cb913p-2;
    private static final double PP2 = -0x1.d2a51dbd7194fp-6;
    private static final double PP3 = -0x1.7a291236668e4p-8;
    private static final double PP4 = -0x1.8ead6120016acp-16;
    private static final double QQ1 = 0x1.97779cddadc09p-2;
    private static final double QQ2 = 0x1.0a54c5536cebap-4;
    private static final double QQ3 = 0x1.4d022c4d36b0fp-8;
    private static final double QQ4 = 0x1.15dc9221c1a10p-13;
    private static final double QQ5 = -0x1.09c4342a26120p-18;
    // 0.84375 <= |x| < 1.25, s = |x| - 1: |P(s)/Q(s) - (erf(|x|) - ERX)| < 2^-59.06
    private static final double PA0 = -0x1.359b8bef77538p-9;
    private static final double PA1 = 0x1.a8d00ad92b34dp-2;
    private static final double PA2 = -0x1.7d240fbb8c3f1p-2;
    private static final double PA3 = 0x1.45fca805120e4p-2;
    private static final double PA4 = -0x1.c63983d3e28ecp-4;
    private static final double PA5 = 0x1.22a36599795ebp-5;
    private static final double PA6 = -0x1.1bf380a96073fp-9;
    private static final double QA1 = 0x1.b3e6618eee323p-4;
    private static final double QA2 = 0x1.14af092eb6f33p-1;
    private static final double QA3 = 0x1.2635cd99fe9a7p-4;
    private static final double QA4 = 0x1.02660e763351fp-3;
    private static final double QA5 = 0x1.bedc26b51dd1cp-7;
    private static final double QA6 = 0x1.88b545735151dp-7;
    // 1.25 <= |x| < ERFC_SPLIT, s = 1/x^2: erfc(x) = exp(-x^2 - 0.5625 + R(s)/S(s)) / x,
    // |R/S - (log(x erfc(x)) + x^2 + 0.5625)| < 2^-62.57
    private static final double RA0 = -0x1.43412600d6435p-7;
    private static final double RA1 = -0x1.63416e4ba7360p-1;
    private static final double RA2 = -0x1.51e0441b0e726p3;
    private static final double RA3 = -0x1.f300ae4cba38dp5;
    private static final double RA4 = -0x1.44cb184282266p7;
    private static final double RA5 = -0x1.7135cebccabb2p7;
    private static final double RA6 = -0x1.4526557e4d2f2p6;
    private static final double RA7 = -0x1.3a0efc69ac25cp3;
    private static final double SA1 = 0x1.3a6b9bd707687p4;
    private static final double SA2 = 0x1.1350c526ae721p7;
    private static final double SA3 = 0x1.b290dd58a1a71p8;
    private static final double SA4 = 0x1.42b1921ec2868p9;
    private static final double SA5 = 0x1.ad02157700314p8;
    private static final double SA6 = 0x1.b28a3ee48ae2cp6;
    private static final double SA7 = 0x1.a47ef8e484a93p2;
    private static final double SA8 = -0x1.eeff2ee749a62p-5;
    // ERFC_SPLIT <= |x| < 28: the same form, |R/S - (...)| < 2^-61.52
    private static final double RB0 = -0x1.4341239e86f4ap-7;
    private static final double RB1 = -0x1.993ba70c285dep-1;
    private static final double RB2 = -0x1.1c209555f995ap4;
    private static final double RB3 = -0x1.4145d43c5ed98p7;
    private static final double RB4 = -0x1.3ec881375f228p9;
    private static final double RB5 = -0x1.004616a2e5992p10;
    private static final double RB6 = -0x1.e384e9bdc383fp8;
    private static final double SB1 = 0x1.e568b261d5190p4;
    private static final double SB2 = 0x1.45cae221b9f0ap8;
    private static final double SB3 = 0x1.802eb189d5118p10;
    private static final double SB4 = 0x1.8ffb7688c246ap11;
    private static final double SB5 = 0x1.3f219cedf3be6p11;
    private static final double SB6 = 0x1.da874e79fe763p8;
    private static final double SB7 = -0x1.670e242712d62p4;

    private static final double ERF_SMALL = 0.84375;
    private static final double ERF_MID = 1.25;
    /**
     * ~1/0.35, where the RA/SA fit hands over to RB/SB: fdlibm's erf switches at high word
     * 0x4006DB6E, its erfc one step lower (0x4006DB6D); both fits cover the gap, so one threshold
     * (erf's) serves here and erf and erfc use the same fit for every x.
     */
    private static final double ERFC_SPLIT = 0x1.6db6ep1;
    /** erf(x) rounds to 1 from here on (1 - erf(6) ~ 2.2e-17 < 2^-54), erfc(-x) to 2. */
    private static final double ERF_ONE = 6.0;
    /** fdlibm's cutoff: erfc(x) rounds to 0 from x = ~27.23 on. */
    private static final double ERFC_ZERO = 28.0;
    /** Clears the low 32 bits: z*z is exact for z with at most 21 significant bits. */
    private static final long HIGH_WORD = 0xffffffff00000000L;

    // ---- GELU ----
    /** 1/sqrt(2) = 0.70710678118654752440..., the double nearest to it. */
    private static final double INV_SQRT2 = 0x1.6a09e667f3bcdp-1;
    /** INV_SQRT2 split into 26 + 25 significant bits (Veltkamp), for an exact product with it. */
    private static final double INV_SQRT2_HI = 0x1.6a09e68p-1;
    private static final double INV_SQRT2_LO = -0x1.80c433p-29;
    /** 1/sqrt(2) - INV_SQRT2 = -4.8336466567264565e-17, to double precision. */
    private static final double INV_SQRT2_ERR = -0x1.bdd3413b26456p-55;
    /** 1/sqrt(2 pi) = 0.39894228040143267793..., the double nearest to it. */
    private static final double INV_SQRT_2PI = 0x1.9884533d43651p-2;
    /** Beyond |x| = 40, gelu'(x) rounds to 1 or to 0 (its magnitude is below 2^-1075). */
    private static final double GELU_FLAT = 40.0;
    /** Veltkamp's splitter 2^27 + 1: (c - (c - x)), c = SPLITTER*x, is x rounded to 26 bits. */
    private static final double SPLITTER = 0x1.0000002p27;

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

    /**
     * Error function, within ~1 ulp (see DetMathTest); computed on |x| with the sign copied last,
     * so erf(-x) == -erf(x) bit for bit and -0 stays -0; +-1 for |x| >= 6 and +-inf; NaN for NaN.
     */
    public static double erf(double x) {
        double a = Math.abs(x);
        double e;
        if (a < ERF_SMALL) {
            if (a < 0x1p-28) {
                // R(x^2) is EFX to far below half an ulp; below 2^-1015 EFX*x would lose bits as a
                // subnormal, so the sum is formed 8 times larger (exactly) and scaled back once
                return a < 0x1p-1015 ? 0.125 * (8.0 * x + EFX8 * x) : x + EFX * x;
            }
            return x + x * erfSmallRatio(x * x);            // odd: R depends on x^2 only
        }
        if (a < ERF_MID) {
            e = ERX + erfMidRatio(a - 1.0);                 // a - 1 exact (Sterbenz)
        } else if (a < ERF_ONE) {
            e = 1.0 - erfcTail(a, 0.0) / a;
        } else if (a >= ERF_ONE) {
            e = 1.0;                                        // also +-inf
        } else {
            return x;                                       // NaN
        }
        return Math.copySign(e, x);
    }

    /**
     * Complementary error function 1 - erf(x), within ~3 ulp wherever the result is normal
     * (x < ~26.55), so it keeps the relative accuracy that 1 - erf(x) loses for large x;
     * subnormal results (up to x = ~27.23, from where it is 0) keep the same absolute accuracy.
     * 2 for x <= -6 and -inf, 0 for +inf, NaN for NaN.
     */
    public static double erfc(double x) {
        double a = Math.abs(x);
        if (a < ERF_SMALL) {
            if (a < 0x1p-56) {
                return 1.0 - x;                             // rounds to 1
            }
            double xr = x * erfSmallRatio(x * x);
            if (x < 0.25) {
                return 1.0 - (x + xr);                      // erf(x) <= 0.28: no cancellation to fear
            }
            return 0.5 - ((x - 0.5) + xr);                  // x - 0.5 exact: keeps the bits 1 - erf loses
        }
        if (a < ERF_MID) {
            double pq = erfMidRatio(a - 1.0);
            return x > 0 ? ONE_MINUS_ERX - pq : 1.0 + (ERX + pq);
        }
        if (x < ERFC_ZERO && x > -ERF_ONE) {
            double r = erfcTail(a, 0.0) / a;
            return x > 0 ? r : 2.0 - r;
        }
        if (x >= ERFC_ZERO) {
            return 0.0;                                     // also +inf
        }
        return x <= -ERF_ONE ? 2.0 : x;                     // -inf gives 2, NaN gives NaN
    }

    /**
     * GELU with the exact normal CDF (not the tanh approximation): x * Phi(x), Phi(x) =
     * (1 + erf(x/sqrt2))/2, evaluated as x/2 * erfc(v), v = -x/sqrt2 (erfc(-u) = 1 + erf(u)).
     * For -0.3535 < x < 1.7677 and x >= 8.4853 this is the very arithmetic of
     * 0.5*x*(1 + erf(x*INV_SQRT2)), so the bits are the same (DetMathTest checks it). For smaller
     * x, 1 + erf cancels: it loses bits from x = -0.35 down and is exactly 0 from x = -8.49 down,
     * while gelu(-10) = -7.6e-23; erfc(v) keeps the relative accuracy (see geluTail): within ~5
     * ulp everywhere, subnormal results included. -0 stays -0; the result rounds to -0.0 from
     * about x = -38.6 down, is -0.0 for x <= -39.6 and -inf, x itself for x >= 8.4853 and +inf,
     * NaN for NaN.
     */
    public static double gelu(double x) {
        double v = -x * INV_SQRT2;
        if (v < ERF_MID) {
            return (0.5 * x) * erfc(v);                     // 0.5*x exact but for subnormal x
        }
        if (v < ERFC_ZERO) {
            return geluTail(x, v);
        }
        return v >= ERFC_ZERO ? -0.0 : x;                   // -inf*erfc(inf) would be NaN
    }

    /**
     * d/dx gelu(x) = Phi(x) + x phi(x), phi(x) = exp(-x^2/2)/sqrt(2 pi). x^2 is carried as an exact
     * double-double so that exp(-x^2/2) does not inherit the rounding of x*x (which for |x| near
     * 38 alone would cost ~400 ulp). 1 for x > 40 and +inf, 0 for x < -40 and -inf (the values the
     * formula itself reaches there), NaN for NaN. Within ~5 ulp for |x| > 2; near its root
     * x = -0.7518 the result is the difference of two ~0.23 terms, so there its error is small in
     * absolute (2^-52), not relative, terms. For x in about [-38.5, -37.6] exp(-x^2/2) is
     * subnormal while the result (~1e-306) is not, which costs up to ~30 ulp there.
     */
    public static double geluDerivative(double x) {
        if (Math.abs(x) <= GELU_FLAT) {
            double cdf = normalCdf(x);
            double sq = x * x;
            double c = SPLITTER * x;                        // Dekker's exact square: x*x = sq + sqLo
            double xh = c - (c - x);
            double xl = x - xh;
            double sqLo = ((xh * xh - sq) + 2.0 * xh * xl) + xl * xl;
            double e = exp(-0.5 * sq);                      // -0.5*sq exact
            // e^(-sqLo/2) = 1 - sqLo/2 to ~2^-90 (|sqLo| <= 2^-43)
            double pdf = (e - e * (0.5 * sqLo)) * INV_SQRT_2PI;
            return cdf + x * pdf;
        }
        if (x > GELU_FLAT) {
            return 1.0;
        }
        return x < -GELU_FLAT ? 0.0 : x;                    // NaN stays NaN
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
     * R(z) = (erf(x) - x)/x for z = x^2 < 0.712. Horner in fdlibm's order, whose error bound it
     * keeps; numerator and denominator are independent chains, so they overlap in the pipeline.
     */
    private static double erfSmallRatio(double z) {
        double r = PP0 + z * (PP1 + z * (PP2 + z * (PP3 + z * PP4)));
        double s = 1.0 + z * (QQ1 + z * (QQ2 + z * (QQ3 + z * (QQ4 + z * QQ5))));
        return r / s;
    }

    /** erf(1 + s) - ERX for s = |x| - 1 in [-0.15625, 0.25). */
    private static double erfMidRatio(double s) {
        double p = PA0 + s * (PA1 + s * (PA2 + s * (PA3 + s * (PA4 + s * (PA5 + s * PA6)))));
        double q = 1.0 + s * (QA1 + s * (QA2 + s * (QA3 + s * (QA4 + s * (QA5 + s * QA6)))));
        return p / q;
    }

    /**
     * gelu(x) for 1.25 <= v = -x*INV_SQRT2 < 28 (x < -1.77). The relative error of erfc(v) is
     * about 2v^2 times that of v, so the rounding of v alone would cost over 1000 ulp near v = 28;
     * hence the exponent gets v's error vLo (see vLow). With E = erfcTail(v, vLo) = v' erfc(v') for
     * the exact v' = -x/sqrt2, x/2 * erfc(v') = -E/sqrt2: no division by v, and no intermediate
     * that is subnormal while the result is normal.
     */
    private static double geluTail(double x, double v) {
        double e = erfcTail(v, vLow(x, v));
        return -(e * INV_SQRT2 + e * INV_SQRT2_ERR);
    }

    /** Phi(x) = erfc(v)/2, v = -x*INV_SQRT2; in the tail with v's error, as in geluTail. */
    private static double normalCdf(double x) {
        double v = -x * INV_SQRT2;
        if (v >= ERF_MID && v < ERFC_ZERO) {
            double vLo = vLow(x, v);
            double t = erfcTail(v, vLo) / v;                // erfc(v')*(v + vLo)/v
            return 0.5 * (t - t * (vLo / v));
        }
        return 0.5 * erfc(v);       // here v's rounding moves Phi by at most ~4 times as much
    }

    /**
     * -x/sqrt2 - v for v = -x*INV_SQRT2 (|x| <= 40): the product's rounding error, exact by
     * Dekker's product with INV_SQRT2 split into INV_SQRT2_HI + INV_SQRT2_LO, plus x times the
     * constant's own error; the sum is accurate to ~2^-100 relative to v.
     */
    private static double vLow(double x, double v) {
        double c = SPLITTER * x;
        double xh = c - (c - x);
        double xl = x - xh;
        double pErr = (((xh * INV_SQRT2_HI + v) + xh * INV_SQRT2_LO) + xl * INV_SQRT2_HI)
                + xl * INV_SQRT2_LO;                        // x*INV_SQRT2 = -v + pErr exactly
        return -(pErr + x * INV_SQRT2_ERR);
    }

    /**
     * a * erfc(a) for 1.25 <= a < 28 (a + aLo when a carries a small correction aLo), as
     * exp(-a^2 - 0.5625 + R/S). -a^2 would round badly at this
     * size (|a^2| up to 784, so its rounding error is up to ~2^-44 in the exponent); with z = a
     * cut to 21 bits, -z*z - 0.5625 is exact and the rest, -(a^2 - z^2) = (z - a)(z + a), is small,
     * so exp(-z*z - 0.5625) * exp((z - a)(z + a) + R/S) rounds only where the terms are small.
     */
    private static double erfcTail(double a, double aLo) {
        double s = 1.0 / (a * a);
        double r;
        double q;
        if (a < ERFC_SPLIT) {
            r = RA0 + s * (RA1 + s * (RA2 + s * (RA3 + s * (RA4 + s * (RA5 + s * (RA6 + s * RA7))))));
            q = 1.0 + s * (SA1 + s * (SA2 + s * (SA3 + s * (SA4 + s * (SA5 + s * (SA6
                    + s * (SA7 + s * SA8)))))));
        } else {
            r = RB0 + s * (RB1 + s * (RB2 + s * (RB3 + s * (RB4 + s * (RB5 + s * RB6)))));
            q = 1.0 + s * (SB1 + s * (SB2 + s * (SB3 + s * (SB4 + s * (SB5 + s * (SB6 + s * SB7))))));
        }
        double z = Double.longBitsToDouble(Double.doubleToRawLongBits(a) & HIGH_WORD);
        // -(a + aLo)^2 = -a^2 - 2a*aLo to far below an ulp; aLo = 0 leaves every bit as without it
        return exp(-z * z - 0.5625) * exp(((z - a) * (z + a) - (a + a) * aLo) + r / q);
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
