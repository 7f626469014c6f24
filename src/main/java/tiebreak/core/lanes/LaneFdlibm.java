package tiebreak.core.lanes;

import static tiebreak.core.lanes.LaneMath.O;
import static tiebreak.core.lanes.LaneMath.S;
import static tiebreak.core.math.StrictCos.C1;
import static tiebreak.core.math.StrictCos.C2;
import static tiebreak.core.math.StrictCos.C3;
import static tiebreak.core.math.StrictCos.C4;
import static tiebreak.core.math.StrictCos.C5;
import static tiebreak.core.math.StrictCos.C6;
import static tiebreak.core.math.StrictCos.INV_PIO2;
import static tiebreak.core.math.StrictCos.PIO2_1;
import static tiebreak.core.math.StrictCos.PIO2_1T;
import static tiebreak.core.math.StrictCos.S1;
import static tiebreak.core.math.StrictCos.S2;
import static tiebreak.core.math.StrictCos.S3;
import static tiebreak.core.math.StrictCos.S4;
import static tiebreak.core.math.StrictCos.S5;
import static tiebreak.core.math.StrictCos.S6;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import tiebreak.core.math.StrictCos;

/**
 * fdlibm's log (e_log.c) and cos (s_cos.c with e_rem_pio2.c, k_cos.c, k_sin.c) over lane arrays, with the
 * bits of {@link StrictMath#log} and {@link StrictCos#cos}: every lane goes through fdlibm's operations in its
 * order, its branches computed on all lanes and blended. A vector holding any lane outside the common path
 * (for log: zero, negative, subnormal, inf, NaN, or within 2^-20 of a power of two; for cos: negative, beyond
 * 2π, NaN, next to a multiple of π/2, or a reduced argument below 2^-27) is computed lane by lane by the
 * scalar function instead, which is where those rare lanes get their bits. Made for Box–Muller's
 * log(u1), u1 in (0, 1], and cos(2π u2), 2π u2 in [0, 2π).
 *
 * <p>fdlibm: Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved. Developed at SunSoft, a Sun
 * Microsystems, Inc. business. Permission to use, copy, modify, and distribute this software is freely granted,
 * provided that this notice is preserved.
 */
final class LaneFdlibm {
    private static final int L = LaneMath.L;

    // e_log.c
    private static final double LN2_HI = Double.longBitsToDouble(0x3fe62e42fee00000L);
    private static final double LN2_LO = Double.longBitsToDouble(0x3dea39ef35793c76L);
    private static final double LG1 = Double.longBitsToDouble(0x3FE5555555555593L);
    private static final double LG2 = Double.longBitsToDouble(0x3FD999999997FA04L);
    private static final double LG3 = Double.longBitsToDouble(0x3FD2492494229359L);
    private static final double LG4 = Double.longBitsToDouble(0x3FCC71C51D8E78AFL);
    private static final double LG5 = Double.longBitsToDouble(0x3FC7466496CB03DEL);
    private static final double LG6 = Double.longBitsToDouble(0x3FC39A09D078C69FL);
    private static final double LG7 = Double.longBitsToDouble(0x3FC2F112DF3E5244L);
    /** 1.5 · 2^52: a small integer k added to its bits gives the double 1.5 · 2^52 + k. */
    private static final long INT_BIAS = 0x4338000000000000L;
    private static final double INT_SHIFT = 0x1.8p52;

    private LaneFdlibm() {
    }

    /** out[k] = StrictMath.log(x[k]) for k < count (a multiple of {@link #L}); out may be x. */
    static void log(double[] x, double[] out, int count) {
        for (int at = O; at < O + count; at += L) {
            DoubleVector v = DoubleVector.fromArray(S, x, at);
            LongVector bits = (LongVector) v.reinterpretAsLongs();
            LongVector hx = bits.lanewise(VectorOperators.ASHR, 32);
            VectorMask<Long> rare = hx.compare(VectorOperators.LT, 0x00100000L)
                    .or(hx.compare(VectorOperators.GE, 0x7ff00000L));
            LongVector h = hx.and(0x000fffffL);
            rare = rare.or(h.add(2).and(0x000fffffL).compare(VectorOperators.LT, 3));   // |f| < 2^-20
            if (rare.anyTrue()) {
                for (int lane = 0; lane < L; lane++) {
                    out[at + lane] = StrictMath.log(x[at + lane]);
                }
                continue;
            }
            LongVector i = h.add(0x95f64L).and(0x100000L);
            LongVector k = hx.lanewise(VectorOperators.ASHR, 20).sub(1023L).add(i.lanewise(VectorOperators.ASHR, 20));
            // x or x/2 normalised into [√2/2, √2): the high word's exponent replaced
            DoubleVector xn = h.or(i.lanewise(VectorOperators.XOR, 0x3ff00000L)).lanewise(VectorOperators.LSHL, 32)
                    .or(bits.and(0xffffffffL)).reinterpretAsDoubles();
            DoubleVector f = xn.sub(1.0);
            DoubleVector s = f.div(f.add(2.0));
            DoubleVector dk = k.add(INT_BIAS).reinterpretAsDoubles().sub(INT_SHIFT);
            DoubleVector z = s.mul(s);
            DoubleVector w = z.mul(z);
            DoubleVector t1 = w.mul(w.mul(w.mul(LG6).add(LG4)).add(LG2));
            DoubleVector t2 = z.mul(w.mul(w.mul(w.mul(LG7).add(LG5)).add(LG3)).add(LG1));
            DoubleVector r = t2.add(t1);
            VectorMask<Double> first = h.sub(0x6147aL).or(h.neg().add(0x6b851L)).compare(VectorOperators.GT, 0L).cast(S);
            VectorMask<Double> k0 = k.compare(VectorOperators.EQ, 0L).cast(S);
            DoubleVector hi = dk.mul(LN2_HI);
            DoubleVector lo = dk.mul(LN2_LO);
            // first: hfsq = 0.5·f·f; k = 0: f − (hfsq − s(hfsq + R)), else dk·ln2_hi − ((hfsq − (s(hfsq + R) + dk·ln2_lo)) − f)
            DoubleVector hfsq = f.mul(0.5).mul(f);
            DoubleVector sa = s.mul(hfsq.add(r));
            DoubleVector a = f.sub(hfsq.sub(sa)).blend(hi.sub(hfsq.sub(sa.add(lo)).sub(f)), k0.not());
            // otherwise: k = 0: f − s(f − R), else dk·ln2_hi − ((s(f − R) − dk·ln2_lo) − f)
            DoubleVector sb = s.mul(f.sub(r));
            DoubleVector b = f.sub(sb).blend(hi.sub(sb.sub(lo).sub(f)), k0.not());
            b.blend(a, first).intoArray(out, at);
        }
    }

    /** out[k] = StrictCos.cos(x[k]) for k < count (a multiple of {@link #L}); out may be x. */
    static void cos(double[] x, double[] out, int count) {
        for (int at = O; at < O + count; at += L) {
            DoubleVector v = DoubleVector.fromArray(S, x, at);
            LongVector hx = ((LongVector) v.reinterpretAsLongs()).lanewise(VectorOperators.ASHR, 32);
            // n = (int) (x·2/π + 0.5) for 0 <= x < 2π: the integers 1..4 at or below d, counted
            DoubleVector d = v.mul(INV_PIO2).add(0.5);
            VectorMask<Long> rare = hx.compare(VectorOperators.LT, 0L)
                    .or(d.compare(VectorOperators.GE, 4.5).cast(LongVector.SPECIES_PREFERRED))
                    .or(v.compare(VectorOperators.NE, v).cast(LongVector.SPECIES_PREFERRED))
                    // where the reduction needs π/2 to more bits (fdlibm's second round, or its 33+33+53 case)
                    .or(hx.compare(VectorOperators.EQ, 0x3ff921fbL)).or(hx.compare(VectorOperators.EQ, 0x400921fbL))
                    .or(hx.compare(VectorOperators.EQ, 0x4012d97cL)).or(hx.compare(VectorOperators.EQ, 0x401921fbL));
            if (rare.anyTrue()) {
                scalarCos(x, out, at);
                continue;
            }
            VectorMask<Double> small = hx.compare(VectorOperators.LE, 0x3fe921fbL).cast(S);     // |x| <= π/4: n = 0
            VectorMask<Double> nearOne = hx.compare(VectorOperators.LT, 0x4002d97cL).cast(S).andNot(small);
            DoubleVector zero = DoubleVector.zero(S);
            DoubleVector one = DoubleVector.broadcast(S, 1.0);
            DoubleVector fn = zero;
            for (int m = 1; m <= 4; m++) {
                fn = fn.add(zero.blend(one, d.compare(VectorOperators.GE, m)));
            }
            // |x| < 3π/4: z = x − π/2's first 33 bits, y0 = z − tail, y1 = (z − y0) − tail
            DoubleVector z1 = v.sub(PIO2_1);
            DoubleVector y01 = z1.sub(PIO2_1T);
            DoubleVector y11 = z1.sub(y01).sub(PIO2_1T);
            // medium: r = x − n·π/2's first bits, w = n·tail, y0 = r − w, y1 = (r − y0) − w
            DoubleVector r = v.sub(fn.mul(PIO2_1));
            DoubleVector w = fn.mul(PIO2_1T);
            DoubleVector y0m = r.sub(w);
            DoubleVector y1m = r.sub(y0m).sub(w);
            DoubleVector y0 = y0m.blend(y01, nearOne).blend(v, small);
            DoubleVector y1 = y1m.blend(y11, nearOne).blend(zero, small);
            fn = fn.blend(one, nearOne).blend(zero, small);
            LongVector iy = ((LongVector) y0.reinterpretAsLongs()).lanewise(VectorOperators.ASHR, 32).and(0x7fffffffL);
            if (iy.compare(VectorOperators.LT, 0x3e400000L).anyTrue()) {    // a reduced argument below 2^-27
                scalarCos(x, out, at);
                continue;
            }
            DoubleVector zz = y0.mul(y0);
            DoubleVector xy = y0.mul(y1);
            // k_cos: r = z(C1 + z(C2 + ...)); |y0| < 0.3: 1 − (z/2 − (z·r − y0·y1)); else a − (hz − (z·r − y0·y1))
            DoubleVector rc = zz.mul(zz.mul(zz.mul(zz.mul(zz.mul(zz.mul(C6).add(C5)).add(C4)).add(C3)).add(C2)).add(C1));
            DoubleVector tail = zz.mul(rc).sub(xy);
            DoubleVector half = zz.mul(0.5);
            DoubleVector qx = ((LongVector) iy.sub(0x00200000L).lanewise(VectorOperators.LSHL, 32)).reinterpretAsDoubles()
                    .blend(0.28125, iy.compare(VectorOperators.GT, 0x3fe90000L).cast(S));
            DoubleVector cosWide = one.sub(qx).sub(half.sub(qx).sub(tail));
            DoubleVector c = one.sub(half.sub(tail)).blend(cosWide, iy.compare(VectorOperators.GE, 0x3fd33333L).cast(S));
            // k_sin with a tail: y0 − ((z(y1/2 − v·r) − y1) − v·S1), v = z·y0
            DoubleVector vz = zz.mul(y0);
            DoubleVector rs = zz.mul(zz.mul(zz.mul(zz.mul(S6).add(S5)).add(S4)).add(S3)).add(S2);
            DoubleVector sn = y0.sub(zz.mul(y1.mul(0.5).sub(vz.mul(rs))).sub(y1).sub(vz.mul(S1)));
            // n & 3: 0 cos, 1 −sin, 2 −cos, 3 sin (n = 4 is 0)
            DoubleVector result = c
                    .blend(sn.neg(), fn.compare(VectorOperators.EQ, 1.0))
                    .blend(c.neg(), fn.compare(VectorOperators.EQ, 2.0))
                    .blend(sn, fn.compare(VectorOperators.EQ, 3.0));
            result.intoArray(out, at);
        }
    }

    private static void scalarCos(double[] x, double[] out, int at) {
        for (int lane = 0; lane < L; lane++) {
            out[at + lane] = StrictCos.cos(x[at + lane]);
        }
    }
}
