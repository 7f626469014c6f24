package tiebreak.core.math;

import static tiebreak.core.math.DetMath.exp;

/**
 * Bit-reproducible {@code erf}, {@code erfc} and the erf-based GELU with its derivative, under the rules of
 * {@link DetMath}: IEEE 754 basic operations only, in an order that is part of the results.
 * erf, erfc, gelu and geluDerivative are checked against a 300-bit mpmath table
 * ({@code erf-reference.csv}), since Java has no StrictMath.erf to compare with. The constants are public
 * for the lane kernel's GELU (LaneGelu), which repeats gelu and geluDerivative's operations lane by lane.
 */
public final class DetErf {
    private DetErf() {}

    // ---- erf / erfc: the rational approximations of fdlibm's s_erf.c (FreeBSD msun, Sun's
    //      StrictMath-era libm), coefficients bit for bit; its notice, which it asks to keep:
    //      "Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved. Developed at SunSoft,
    //      a Sun Microsystems, Inc. business. Permission to use, copy, modify, and distribute this
    //      software is freely granted, provided that this notice is preserved." ----
    /** erf(1) rounded to 24 bits: on [0.84375, 1.25) erf = ERX + P/Q with |P/Q| < 0.078. */
    public static final double ERX = 0x1.b0ac16p-1;
    public static final double ONE_MINUS_ERX = 1.0 - ERX;            // exact (24-bit ERX)
    /** 2/sqrt(pi) - 1, so that erf(x) = x + EFX*x for |x| < 2^-28; EFX8 = 8*EFX (exact). */
    public static final double EFX = 0x1.06eba8214db69p-3;
    public static final double EFX8 = 0x1.06eba8214db69p0;
    // |x| < 0.84375: erf(x) = x + x*R(x^2), R = P/Q, |R - (erf(x) - x)/x| < 2^-57.90
    public static final double PP0 = 0x1.06eba8214db68p-3;
    public static final double PP1 = -0x1.4cd7d691cb913p-2;
    public static final double PP2 = -0x1.d2a51dbd7194fp-6;
    public static final double PP3 = -0x1.7a291236668e4p-8;
    public static final double PP4 = -0x1.8ead6120016acp-16;
    public static final double QQ1 = 0x1.97779cddadc09p-2;
    public static final double QQ2 = 0x1.0a54c5536cebap-4;
    public static final double QQ3 = 0x1.4d022c4d36b0fp-8;
    public static final double QQ4 = 0x1.15dc9221c1a10p-13;
    public static final double QQ5 = -0x1.09c4342a26120p-18;
    // 0.84375 <= |x| < 1.25, s = |x| - 1: |P(s)/Q(s) - (erf(|x|) - ERX)| < 2^-59.06
    public static final double PA0 = -0x1.359b8bef77538p-9;
    public static final double PA1 = 0x1.a8d00ad92b34dp-2;
    public static final double PA2 = -0x1.7d240fbb8c3f1p-2;
    public static final double PA3 = 0x1.45fca805120e4p-2;
    public static final double PA4 = -0x1.c63983d3e28ecp-4;
    public static final double PA5 = 0x1.22a36599795ebp-5;
    public static final double PA6 = -0x1.1bf380a96073fp-9;
    public static final double QA1 = 0x1.b3e6618eee323p-4;
    public static final double QA2 = 0x1.14af092eb6f33p-1;
    public static final double QA3 = 0x1.2635cd99fe9a7p-4;
    public static final double QA4 = 0x1.02660e763351fp-3;
    public static final double QA5 = 0x1.bedc26b51dd1cp-7;
    public static final double QA6 = 0x1.88b545735151dp-7;
    // 1.25 <= |x| < ERFC_SPLIT, s = 1/x^2: erfc(x) = exp(-x^2 - 0.5625 + R(s)/S(s)) / x,
    // |R/S - (log(x erfc(x)) + x^2 + 0.5625)| < 2^-62.57
    public static final double RA0 = -0x1.43412600d6435p-7;
    public static final double RA1 = -0x1.63416e4ba7360p-1;
    public static final double RA2 = -0x1.51e0441b0e726p3;
    public static final double RA3 = -0x1.f300ae4cba38dp5;
    public static final double RA4 = -0x1.44cb184282266p7;
    public static final double RA5 = -0x1.7135cebccabb2p7;
    public static final double RA6 = -0x1.4526557e4d2f2p6;
    public static final double RA7 = -0x1.3a0efc69ac25cp3;
    public static final double SA1 = 0x1.3a6b9bd707687p4;
    public static final double SA2 = 0x1.1350c526ae721p7;
    public static final double SA3 = 0x1.b290dd58a1a71p8;
    public static final double SA4 = 0x1.42b1921ec2868p9;
    public static final double SA5 = 0x1.ad02157700314p8;
    public static final double SA6 = 0x1.b28a3ee48ae2cp6;
    public static final double SA7 = 0x1.a47ef8e484a93p2;
    public static final double SA8 = -0x1.eeff2ee749a62p-5;
    // ERFC_SPLIT <= |x| < 28: the same form, |R/S - (...)| < 2^-61.52
    public static final double RB0 = -0x1.4341239e86f4ap-7;
    public static final double RB1 = -0x1.993ba70c285dep-1;
    public static final double RB2 = -0x1.1c209555f995ap4;
    public static final double RB3 = -0x1.4145d43c5ed98p7;
    public static final double RB4 = -0x1.3ec881375f228p9;
    public static final double RB5 = -0x1.004616a2e5992p10;
    public static final double RB6 = -0x1.e384e9bdc383fp8;
    public static final double SB1 = 0x1.e568b261d5190p4;
    public static final double SB2 = 0x1.45cae221b9f0ap8;
    public static final double SB3 = 0x1.802eb189d5118p10;
    public static final double SB4 = 0x1.8ffb7688c246ap11;
    public static final double SB5 = 0x1.3f219cedf3be6p11;
    public static final double SB6 = 0x1.da874e79fe763p8;
    public static final double SB7 = -0x1.670e242712d62p4;

    public static final double ERF_SMALL = 0.84375;
    public static final double ERF_MID = 1.25;
    /**
     * ~1/0.35, where the RA/SA fit hands over to RB/SB: fdlibm's erf switches at high word
     * 0x4006DB6E, its erfc one step lower (0x4006DB6D); both fits cover the gap, so one threshold
     * (erf's) serves here and erf and erfc use the same fit for every x.
     */
    public static final double ERFC_SPLIT = 0x1.6db6ep1;
    /** erf(x) rounds to 1 from here on (1 - erf(6) ~ 2.2e-17 < 2^-54), erfc(-x) to 2. */
    public static final double ERF_ONE = 6.0;
    /** fdlibm's cutoff: erfc(x) rounds to 0 from x = ~27.23 on. */
    public static final double ERFC_ZERO = 28.0;
    /** Clears the low 32 bits: z*z is exact for z with at most 21 significant bits. */
    public static final long HIGH_WORD = 0xffffffff00000000L;

    // ---- GELU ----
    /** 1/sqrt(2) = 0.70710678118654752440..., the double nearest to it. */
    public static final double INV_SQRT2 = 0x1.6a09e667f3bcdp-1;
    /** INV_SQRT2 split into 26 + 25 significant bits (Veltkamp), for an exact product with it. */
    public static final double INV_SQRT2_HI = 0x1.6a09e68p-1;
    public static final double INV_SQRT2_LO = -0x1.80c433p-29;
    /** 1/sqrt(2) - INV_SQRT2 = -4.8336466567264565e-17, to double precision. */
    public static final double INV_SQRT2_ERR = -0x1.bdd3413b26456p-55;
    /** 1/sqrt(2 pi) = 0.39894228040143267793..., the double nearest to it. */
    public static final double INV_SQRT_2PI = 0x1.9884533d43651p-2;
    /** Beyond |x| = 40, gelu'(x) rounds to 1 or to 0 (its magnitude is below 2^-1075). */
    public static final double GELU_FLAT = 40.0;
    /** Veltkamp's splitter 2^27 + 1: (c - (c - x)), c = SPLITTER*x, is x rounded to 26 bits. */
    public static final double SPLITTER = 0x1.0000002p27;

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
}
