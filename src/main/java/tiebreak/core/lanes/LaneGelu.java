package tiebreak.core.lanes;

import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LE;
import static jdk.incubator.vector.VectorOperators.LT;
import static tiebreak.core.lanes.LaneMath.O;
import static tiebreak.core.lanes.LaneMath.S;
import static tiebreak.core.math.DetErf.ERF_MID;
import static tiebreak.core.math.DetErf.ERF_ONE;
import static tiebreak.core.math.DetErf.ERF_SMALL;
import static tiebreak.core.math.DetErf.ERFC_SPLIT;
import static tiebreak.core.math.DetErf.ERFC_ZERO;
import static tiebreak.core.math.DetErf.ERX;
import static tiebreak.core.math.DetErf.HIGH_WORD;
import static tiebreak.core.math.DetErf.INV_SQRT2;
import static tiebreak.core.math.DetErf.INV_SQRT2_ERR;
import static tiebreak.core.math.DetErf.INV_SQRT2_HI;
import static tiebreak.core.math.DetErf.INV_SQRT2_LO;
import static tiebreak.core.math.DetErf.INV_SQRT_2PI;
import static tiebreak.core.math.DetErf.ONE_MINUS_ERX;
import static tiebreak.core.math.DetErf.SPLITTER;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import tiebreak.core.math.DetErf;

/**
 * {@link DetErf#gelu} and {@link DetErf#geluDerivative} over lane arrays with the scalar functions' bits, both
 * from one evaluation: gelu(x) = (x/2)·erfc(v) and Φ(x) = erfc(v)/2 share erfc(v), v = −x/√2, and in the tail
 * (x < −1.77) share erfcTail. Every lane goes through the scalar operations in their order; a vector computes
 * a branch of fdlibm's erfc only where one of its lanes needs it, and blends. Lanes outside the common range
 * (|v| < 2^-56, x ≥ 8.49, x ≤ −39.6, NaN, ±∞) are recomputed by the scalar functions.
 *
 * <p>In passes over arrays, not in one body of vectors: the exponentials go through
 * {@link LaneMath#exp}, and a vector live across a call is boxed (kernel-notes). The scratch arrays make an
 * instance per workspace; not thread-safe.
 */
final class LaneGelu {
    private static final int L = LaneMath.L;
    private static final byte SPECIAL = 1;
    private static final byte TAIL = 2;
    private static final double TINY = 0x1p-56;

    private final double[] xs;
    private final double[] erfcNear;     // erfc(v) for |v| < 1.25
    private final double[] tailHead;     // exp(−z² − 0.5625), z = |v| cut to 21 bits
    private final double[] tailRest;     // exp((z − a)(z + a) − 2a·aLo + R/S)
    private final double[] gauss;        // exp(−x²/2)
    private final double[] squareLow;    // x² − fl(x²), exact
    private final double[] vLow;         // −x/√2 − v
    private final byte[] flags;

    /** Scratch for arrays of up to {@code capacity} elements (a multiple of {@link LaneMath#L}). */
    LaneGelu(int capacity) {
        xs = LaneMath.buffer(capacity);
        erfcNear = LaneMath.buffer(capacity);
        tailHead = LaneMath.buffer(capacity);
        tailRest = LaneMath.buffer(capacity);
        gauss = LaneMath.buffer(capacity);
        squareLow = LaneMath.buffer(capacity);
        vLow = LaneMath.buffer(capacity);
        flags = new byte[capacity / L];
    }

    /**
     * a[k] = gelu(z[k]) and, where {@code d} is not null, d[k] = gelu'(z[k]), for k < count (a multiple of
     * {@link LaneMath#L}); a and d may be z.
     */
    void forward(double[] z, double[] a, double[] d, int count) {
        if (classify(z, count)) {
            tail(count);
            LaneMath.exp(tailHead, tailHead, count);
            LaneMath.exp(tailRest, tailRest, count);
        }
        near(count);
        if (d != null) {
            density(count);
            LaneMath.exp(gauss, gauss, count);
        }
        finish(a, d, count);
    }

    // The passes are separate methods, each small: in one method of all of them C2 stopped inlining the vector
    // intrinsics part way through (its node budget), and every operation after that point allocated. One
    // division for the three branches' rational functions (the lanes' numerators and denominators blended) was
    // no faster: the work is the operations' count, about 350 per vector, not the divisions.

    /** Copies z, flags each vector (a lane outside the common range, a lane in erfc's tail); whether any is. */
    private boolean classify(double[] z, int count) {
        boolean anyTail = false;
        for (int k = O; k < O + count; k += L) {
            DoubleVector x = DoubleVector.fromArray(S, z, k);
            x.intoArray(xs, k);
            DoubleVector v = x.neg().mul(INV_SQRT2);
            DoubleVector a = v.abs();
            VectorMask<Double> near = a.compare(LT, ERF_MID);
            // erfc's tails: 1.25 ≤ v < 28 (x < −1.77) and −6 < v ≤ −1.25 (1.77 ≤ x < 8.49); the masks
            // written out, not returned by a helper, which boxes them where C2 does not inline it
            VectorMask<Double> positive = v.compare(GE, ERF_MID).and(v.compare(LT, ERFC_ZERO));
            VectorMask<Double> tail = positive.or(v.compare(LE, -ERF_MID).and(v.compare(GT, -ERF_ONE)));
            VectorMask<Double> regular = near.or(tail).and(a.compare(GE, TINY));
            byte flag = !regular.allTrue() ? SPECIAL : tail.anyTrue() ? TAIL : 0;
            flags[(k - O) / L] = flag;
            anyTail |= flag == TAIL;
        }
        return anyTail;
    }

    /** erfc(v) where |v| < 1.25: fdlibm's rational approximations on |v| < 0.84375 and on [0.84375, 1.25). */
    private void near(int count) {
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        DoubleVector half = DoubleVector.broadcast(S, 0.5);
        for (int k = O; k < O + count; k += L) {
            if (flags[(k - O) / L] == SPECIAL) {
                continue;
            }
            DoubleVector v = DoubleVector.fromArray(S, xs, k).neg().mul(INV_SQRT2);
            DoubleVector a = v.abs();
            VectorMask<Double> small = a.compare(LT, ERF_SMALL);
            VectorMask<Double> mid = a.compare(LT, ERF_MID).and(small.not());
            // no vector crosses an if, each branch blends into the array: with vectors merged from two paths
            // here, C2 boxed them in some JVMs (a flight recording of the allocation test); not the whole
            // story, see docs/development.md
            zero.intoArray(erfcNear, k);
            if (small.anyTrue()) {
                // erfc(v) = 1 − (v + v·R(v²)) for v < 0.25, else 0.5 − ((v − 0.5) + v·R(v²))
                DoubleVector zz = v.mul(v);
                DoubleVector r = zz.mul(DetErf.PP4).add(DetErf.PP3).mul(zz).add(DetErf.PP2).mul(zz)
                        .add(DetErf.PP1).mul(zz).add(DetErf.PP0);
                DoubleVector s = zz.mul(DetErf.QQ5).add(DetErf.QQ4).mul(zz).add(DetErf.QQ3).mul(zz)
                        .add(DetErf.QQ2).mul(zz).add(DetErf.QQ1).mul(zz).add(1.0);
                DoubleVector xr = v.mul(r.div(s));
                DoubleVector low = one.sub(v.add(xr));
                DoubleVector high = half.sub(v.sub(0.5).add(xr));
                DoubleVector.fromArray(S, erfcNear, k).blend(high.blend(low, v.compare(LT, 0.25)), small)
                        .intoArray(erfcNear, k);
            }
            if (mid.anyTrue()) {
                // s = |v| − 1: ONE_MINUS_ERX − P/Q for v > 0, 1 + (ERX + P/Q) for v < 0
                DoubleVector s = a.sub(1.0);
                DoubleVector p = s.mul(DetErf.PA6).add(DetErf.PA5).mul(s).add(DetErf.PA4).mul(s).add(DetErf.PA3)
                        .mul(s).add(DetErf.PA2).mul(s).add(DetErf.PA1).mul(s).add(DetErf.PA0);
                DoubleVector q = s.mul(DetErf.QA6).add(DetErf.QA5).mul(s).add(DetErf.QA4).mul(s).add(DetErf.QA3)
                        .mul(s).add(DetErf.QA2).mul(s).add(DetErf.QA1).mul(s).add(1.0);
                DoubleVector pq = p.div(q);
                DoubleVector positive = DoubleVector.broadcast(S, ONE_MINUS_ERX).sub(pq);
                DoubleVector negative = DoubleVector.broadcast(S, ERX).add(pq).add(1.0);
                DoubleVector.fromArray(S, erfcNear, k).blend(negative.blend(positive, v.compare(GT, 0.0)), mid)
                        .intoArray(erfcNear, k);
            }
        }
    }

    /**
     * The two exponents of erfcTail(a, aLo), a = |v|, in the tail's lanes (0 in the others): aLo = v's
     * rounding error where v > 0 (gelu's tail and Φ's), 0 where v < 0 (erfc's).
     */
    private void tail(int count) {
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        for (int k = O; k < O + count; k += L) {
            if (flags[(k - O) / L] != TAIL) {
                zero.intoArray(tailHead, k);        // exp(0) on the fast path, the result unused
                zero.intoArray(tailRest, k);
                continue;
            }
            DoubleVector x = DoubleVector.fromArray(S, xs, k);
            DoubleVector v = x.neg().mul(INV_SQRT2);
            DoubleVector a = v.abs();
            VectorMask<Double> positive = v.compare(GE, ERF_MID).and(v.compare(LT, ERFC_ZERO));
            VectorMask<Double> tail = positive.or(v.compare(LE, -ERF_MID).and(v.compare(GT, -ERF_ONE)));
            // vLow: Dekker's product of x with INV_SQRT2 split, plus x times the constant's own error
            DoubleVector c = x.mul(SPLITTER);
            DoubleVector xh = c.sub(c.sub(x));
            DoubleVector xl = x.sub(xh);
            DoubleVector pErr = xh.mul(INV_SQRT2_HI).add(v).add(xh.mul(INV_SQRT2_LO)).add(xl.mul(INV_SQRT2_HI))
                    .add(xl.mul(INV_SQRT2_LO));
            DoubleVector lo = pErr.add(x.mul(INV_SQRT2_ERR)).neg();
            lo.intoArray(vLow, k);
            DoubleVector aLo = zero.blend(lo, positive);
            DoubleVector s = one.div(a.mul(a));
            VectorMask<Double> first = a.compare(LT, ERFC_SPLIT);
            // r and q through the output arrays, so that no vector crosses an if (see near)
            zero.intoArray(tailHead, k);
            one.intoArray(tailRest, k);
            if (first.and(tail).anyTrue()) {
                DoubleVector r = s.mul(DetErf.RA7).add(DetErf.RA6).mul(s).add(DetErf.RA5).mul(s).add(DetErf.RA4)
                        .mul(s).add(DetErf.RA3).mul(s).add(DetErf.RA2).mul(s).add(DetErf.RA1).mul(s).add(DetErf.RA0);
                DoubleVector q = s.mul(DetErf.SA8).add(DetErf.SA7).mul(s).add(DetErf.SA6).mul(s).add(DetErf.SA5)
                        .mul(s).add(DetErf.SA4).mul(s).add(DetErf.SA3).mul(s).add(DetErf.SA2).mul(s)
                        .add(DetErf.SA1).mul(s).add(1.0);
                r.intoArray(tailHead, k);
                q.intoArray(tailRest, k);
            }
            if (tail.and(first.not()).anyTrue()) {
                DoubleVector rb = s.mul(DetErf.RB6).add(DetErf.RB5).mul(s).add(DetErf.RB4).mul(s).add(DetErf.RB3)
                        .mul(s).add(DetErf.RB2).mul(s).add(DetErf.RB1).mul(s).add(DetErf.RB0);
                DoubleVector sb = s.mul(DetErf.SB7).add(DetErf.SB6).mul(s).add(DetErf.SB5).mul(s).add(DetErf.SB4)
                        .mul(s).add(DetErf.SB3).mul(s).add(DetErf.SB2).mul(s).add(DetErf.SB1).mul(s).add(1.0);
                rb.blend(DoubleVector.fromArray(S, tailHead, k), first).intoArray(tailHead, k);
                sb.blend(DoubleVector.fromArray(S, tailRest, k), first).intoArray(tailRest, k);
            }
            DoubleVector r = DoubleVector.fromArray(S, tailHead, k);
            DoubleVector q = DoubleVector.fromArray(S, tailRest, k);
            DoubleVector zh = ((LongVector) a.reinterpretAsLongs()).and(HIGH_WORD).reinterpretAsDoubles();
            DoubleVector head = zh.neg().mul(zh).sub(0.5625);
            DoubleVector rest = zh.sub(a).mul(zh.add(a)).sub(a.add(a).mul(aLo)).add(r.div(q));
            zero.blend(head, tail).intoArray(tailHead, k);
            zero.blend(rest, tail).intoArray(tailRest, k);
        }
    }

    /** The normal density's exponent −x²/2 and x²'s rounding error, by Dekker's exact square. */
    private void density(int count) {
        DoubleVector zero = DoubleVector.zero(S);
        for (int k = O; k < O + count; k += L) {
            if (flags[(k - O) / L] == SPECIAL) {
                zero.intoArray(gauss, k);
                continue;
            }
            DoubleVector x = DoubleVector.fromArray(S, xs, k);
            DoubleVector c = x.mul(SPLITTER);
            DoubleVector xh = c.sub(c.sub(x));
            DoubleVector xl = x.sub(xh);
            DoubleVector sq = x.mul(x);
            xh.mul(xh).sub(sq).add(xh.mul(2.0).mul(xl)).add(xl.mul(xl)).intoArray(squareLow, k);
            sq.mul(-0.5).intoArray(gauss, k);
        }
    }

    /** gelu and gelu' from erfc(v), the tail's two exponentials and the density's. */
    private void finish(double[] out, double[] d, int count) {
        DoubleVector two = DoubleVector.broadcast(S, 2.0);
        for (int k = O; k < O + count; k += L) {
            byte flag = flags[(k - O) / L];
            if (flag == SPECIAL) {
                for (int lane = 0; lane < L; lane++) {
                    double x = xs[k + lane];
                    out[k + lane] = DetErf.gelu(x);
                    if (d != null) {
                        d[k + lane] = DetErf.geluDerivative(x);
                    }
                }
                continue;
            }
            DoubleVector x = DoubleVector.fromArray(S, xs, k);
            DoubleVector erfc = DoubleVector.fromArray(S, erfcNear, k);
            // gelu stored and the cdf kept in erfcNear (read above, not needed after) in each branch, so that
            // no vector crosses the if (see near)
            if (flag == TAIL) {
                DoubleVector v = x.neg().mul(INV_SQRT2);
                VectorMask<Double> tailPos = v.compare(GE, ERF_MID).and(v.compare(LT, ERFC_ZERO));
                VectorMask<Double> tailNeg = v.compare(LE, -ERF_MID).and(v.compare(GT, -ERF_ONE));
                // erfcTail = exp(head)·exp(rest); erfc(v) = 2 − erfcTail/|v| for v ≤ −1.25, where
                // erfcTail/|v| = −(erfcTail/v) exactly (a quotient's sign is its operands')
                DoubleVector e = DoubleVector.fromArray(S, tailHead, k).mul(DoubleVector.fromArray(S, tailRest, k));
                DoubleVector t = e.div(v);
                DoubleVector merged = erfc.blend(two.sub(t.neg()), tailNeg);
                x.mul(0.5).mul(merged).blend(e.mul(INV_SQRT2).add(e.mul(INV_SQRT2_ERR)).neg(), tailPos)
                        .intoArray(out, k);
                if (d != null) {
                    DoubleVector lo = DoubleVector.fromArray(S, vLow, k);
                    merged.mul(0.5).blend(t.sub(t.mul(lo.div(v))).mul(0.5), tailPos).intoArray(erfcNear, k);
                }
            } else {
                x.mul(0.5).mul(erfc).intoArray(out, k);
                if (d != null) {
                    erfc.mul(0.5).intoArray(erfcNear, k);
                }
            }
            if (d != null) {
                DoubleVector cdf = DoubleVector.fromArray(S, erfcNear, k);
                DoubleVector g = DoubleVector.fromArray(S, gauss, k);
                DoubleVector sqLo = DoubleVector.fromArray(S, squareLow, k);
                DoubleVector pdf = g.sub(g.mul(sqLo.mul(0.5))).mul(INV_SQRT_2PI);
                cdf.add(x.mul(pdf)).intoArray(d, k);
            }
        }
    }
}
