package tiebreak.core.lanes;

import static tiebreak.core.math.DetMath.C10;
import static tiebreak.core.math.DetMath.C11;
import static tiebreak.core.math.DetMath.C12;
import static tiebreak.core.math.DetMath.C13;
import static tiebreak.core.math.DetMath.C2;
import static tiebreak.core.math.DetMath.C3;
import static tiebreak.core.math.DetMath.C4;
import static tiebreak.core.math.DetMath.C5;
import static tiebreak.core.math.DetMath.C6;
import static tiebreak.core.math.DetMath.C7;
import static tiebreak.core.math.DetMath.C8;
import static tiebreak.core.math.DetMath.C9;
import static tiebreak.core.math.DetMath.EXP_FAST;
import static tiebreak.core.math.DetMath.INV_LN2;
import static tiebreak.core.math.DetMath.LN2_HI;
import static tiebreak.core.math.DetMath.LN2_LO;
import static tiebreak.core.math.DetMath.R1;
import static tiebreak.core.math.DetMath.R2;
import static tiebreak.core.math.DetMath.R3;
import static tiebreak.core.math.DetMath.R4;
import static tiebreak.core.math.DetMath.R5;
import static tiebreak.core.math.DetMath.SHIFT;
import static tiebreak.core.math.DetMath.TANH_FLAT;
import static tiebreak.core.math.DetMath.TWO_INV_LN2;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import tiebreak.core.math.DetMath;
import tiebreak.core.net.Activation;

/**
 * The activation functions of {@link Activation} over arrays of lanes, with the bits of the scalar
 * functions: every lane goes through the same IEEE operations in the same order as {@link DetMath}, so
 * a lane's result equals the scalar call on that lane's input. tanh, relu and linear have no special
 * domain; sigmoid's lanes outside its fast path (NaN, |x| ≥ 708) are recomputed by the scalar function.
 *
 * <p>Methods take arrays, never vectors: a vector passed to a method that C2 does not inline is boxed
 * on every call (see kernel-notes), and these bodies are too large to be inlined reliably.
 */
final class LaneMath {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int L = S.length();

    /**
     * Where every lane array's first element sits. A 512-bit load or store that straddles a 32-byte
     * boundary costs up to 1.7 times an aligned one here (Zen 4 splits it into two 256-bit halves), and a
     * Java array's elements start 16 bytes after an object boundary; with objects on 32-byte boundaries
     * ({@code -XX:ObjectAlignmentInBytes=32}, set by jobs/) an origin of 2 puts every lane vector on one.
     * Without that flag the origin changes nothing but two unused elements per array. The system property
     * {@code tiebreak.laneOrigin} sets another origin, to measure the misaligned case (0: every vector
     * straddles a boundary); results never depend on it.
     */
    static final int O = Integer.getInteger("tiebreak.laneOrigin", 2);

    private static final long SIGN = 0x8000000000000000L;

    /** A lane array of {@code length} elements from index {@link #O}. */
    static double[] buffer(int length) {
        return new double[O + length];
    }

    private LaneMath() {
    }

    /** a[k] = f(z[k]) for k < count (a multiple of {@link #L}); a may be z (in place). */
    static void forward(Activation f, double[] z, double[] a, int count) {
        switch (f) {
            case TANH -> tanh(z, a, count);
            case RELU -> relu(z, a, count);
            case SIGMOID -> sigmoid(z, a, count);
            case LINEAR -> System.arraycopy(z, O, a, O, count);
            case GELU -> throw new IllegalArgumentException("GELU needs scratch: LaneBuffers.activate");
        }
    }

    /**
     * dz[k] = up[k] · f'(z[k]) with the scalar expression of {@link Activation}'s backward loop, f' read from
     * the activation a = f(z) (the lane trainer keeps no z of a hidden layer), or for GELU, whose f' a does not
     * give, a = f'(z) as {@link LaneGelu} computed it; dz may be a (in place).
     * {@link LaneErrors#block} has the same expressions in registers.
     */
    static void backward(Activation f, double[] up, double[] a, double[] dz, int count) {
        for (int k = O; k < O + count; k += L) {
            DoubleVector u = DoubleVector.fromArray(S, up, k);
            DoubleVector d = switch (f) {
                case TANH -> {
                    DoubleVector av = DoubleVector.fromArray(S, a, k);
                    yield u.mul(DoubleVector.broadcast(S, 1.0).sub(av.mul(av)));
                }
                case SIGMOID -> {
                    DoubleVector av = DoubleVector.fromArray(S, a, k);
                    yield u.mul(av.mul(DoubleVector.broadcast(S, 1.0).sub(av)));
                }
                case RELU -> {
                    // [z > 0] read from a = relu(z), which is z where z > 0 and +0 elsewhere (NaN included)
                    DoubleVector zv = DoubleVector.fromArray(S, a, k);
                    VectorMask<Double> positive = zv.compare(VectorOperators.GT, 0.0);
                    yield u.mul(DoubleVector.zero(S).blend(1.0, positive));
                }
                case LINEAR -> u.mul(1.0);
                // a holds f'(z) itself (LaneGelu's forward pass wrote it over z)
                case GELU -> u.mul(DoubleVector.fromArray(S, a, k));
            };
            d.intoArray(dz, k);
        }
    }

    /** {@link DetMath#fastTanh}, operation for operation (a.fma(b, c) is Math.fma(a, b, c) lane by lane). */
    static void tanh(double[] z, double[] out, int count) {
        // constants as vectors, outside the loop: the fma(double, double) shorthand was not inlined here and
        // boxed (46 bytes per element)
        DoubleVector minusTwoInvLn2 = DoubleVector.broadcast(S, -TWO_INV_LN2);
        DoubleVector shift = DoubleVector.broadcast(S, SHIFT);
        DoubleVector flat = DoubleVector.broadcast(S, TANH_FLAT);
        DoubleVector ln2Hi = DoubleVector.broadcast(S, LN2_HI);
        DoubleVector ln2Lo = DoubleVector.broadcast(S, LN2_LO);
        DoubleVector r1 = DoubleVector.broadcast(S, R1);
        DoubleVector r2 = DoubleVector.broadcast(S, R2);
        DoubleVector r3 = DoubleVector.broadcast(S, R3);
        DoubleVector r4 = DoubleVector.broadcast(S, R4);
        DoubleVector r5 = DoubleVector.broadcast(S, R5);
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        DoubleVector two = DoubleVector.broadcast(S, 2.0);
        for (int k = O; k < O + count; k += L) {
            DoubleVector x = DoubleVector.fromArray(S, z, k);
            DoubleVector ax = x.abs();
            // Math.min(|x|, 22) as compare and blend: the vector min has Java's NaN and ±0 rules and costs more
            DoubleVector s = ax.blend(flat, ax.compare(VectorOperators.GT, flat));
            DoubleVector t = s.fma(minusTwoInvLn2, shift);
            DoubleVector kd = t.sub(shift);
            DoubleVector v = kd.fma(ln2Lo, kd.fma(ln2Hi, s.add(s)));
            DoubleVector zz = v.mul(v);
            // written out, not a helper: a helper returning a vector is not reliably inlined, and a call that
            // is not boxes the vector (measured: 36 bytes and 6 ns per element with ActivationBenchmark -prof gc)
            DoubleVector p = r5.fma(zz, r4).fma(zz, r3).fma(zz, r2).fma(zz, r1);
            DoubleVector rr = zz.fma(p, two);
            DoubleVector twoK = ((LongVector) t.reinterpretAsLongs()).add(1023L)
                    .lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            DoubleVector a = one.sub(twoK);
            DoubleVector b = one.add(twoK);
            DoubleVector th = rr.fma(a, v.mul(b)).div(rr.fma(b, v.mul(a)));
            // Math.copySign: th's magnitude bits, x's sign bit
            LongVector bits = ((LongVector) th.reinterpretAsLongs()).and(~SIGN)
                    .or(((LongVector) x.reinterpretAsLongs()).and(SIGN));
            bits.reinterpretAsDoubles().intoArray(out, k);
        }
    }

    static void relu(double[] z, double[] out, int count) {
        for (int k = O; k < O + count; k += L) {
            DoubleVector x = DoubleVector.fromArray(S, z, k);
            DoubleVector.zero(S).blend(x, x.compare(VectorOperators.GT, 0.0)).intoArray(out, k);
        }
    }

    /**
     * out[k] = {@link DetMath#exp}(x[k]) for k < count (a multiple of {@link #L}); out may be x. Lanes outside
     * its fast path (|x| ≥ 708, NaN) are recomputed by the scalar function; the others take its operations.
     * The same body as {@link #sigmoid}'s e, which stays written out there (a shared helper returning a
     * vector would box where it is not inlined).
     */
    static void exp(double[] x, double[] out, int count) {
        for (int k = O; k < O + count; k += L) {
            DoubleVector m = DoubleVector.fromArray(S, x, k);
            DoubleVector t = m.mul(INV_LN2).add(SHIFT);
            DoubleVector kd = t.sub(SHIFT);
            DoubleVector hi = m.sub(kd.mul(LN2_HI));
            DoubleVector lo = kd.mul(LN2_LO);
            DoubleVector r = hi.sub(lo);
            DoubleVector r2 = r.mul(r);
            DoubleVector r4 = r2.mul(r2);
            DoubleVector r8 = r4.mul(r4);
            DoubleVector q = r.mul(C3).add(C2).add(r.mul(C5).add(C4).mul(r2))
                    .add(r4.mul(r.mul(C7).add(C6).add(r.mul(C9).add(C8).mul(r2))))
                    .add(r8.mul(r.mul(C11).add(C10).add(r.mul(C13).add(C12).mul(r2))));
            DoubleVector y = hi.sub(lo.sub(r2.mul(q))).add(1.0);
            DoubleVector twoK = ((LongVector) t.reinterpretAsLongs()).add(1023L)
                    .lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            VectorMask<Double> slow = m.abs().compare(VectorOperators.LT, EXP_FAST).not();
            if (slow.anyTrue()) {
                for (int lane = 0; lane < L; lane++) {
                    out[k + lane] = DetMath.exp(x[k + lane]);
                }
            } else {
                y.mul(twoK).intoArray(out, k);
            }
        }
    }

    /** {@link DetMath#sigmoid}: num/(1 + e) with e = exp(−|x|), num = 1 or e by the sign of x. */
    static void sigmoid(double[] z, double[] out, int count) {
        for (int k = O; k < O + count; k += L) {
            DoubleVector x = DoubleVector.fromArray(S, z, k);
            DoubleVector m = x.abs().neg();
            DoubleVector t = m.mul(INV_LN2).add(SHIFT);
            DoubleVector kd = t.sub(SHIFT);
            DoubleVector hi = m.sub(kd.mul(LN2_HI));
            DoubleVector lo = kd.mul(LN2_LO);
            DoubleVector r = hi.sub(lo);
            DoubleVector r2 = r.mul(r);
            DoubleVector r4 = r2.mul(r2);
            DoubleVector r8 = r4.mul(r4);
            // q(r) written out, as in tanh: called as a helper it boxed here (17 MB per batch in
            // LaneKernelTest.theLaneStepAllocatesNothing)
            DoubleVector q = r.mul(C3).add(C2).add(r.mul(C5).add(C4).mul(r2))
                    .add(r4.mul(r.mul(C7).add(C6).add(r.mul(C9).add(C8).mul(r2))))
                    .add(r8.mul(r.mul(C11).add(C10).add(r.mul(C13).add(C12).mul(r2))));
            DoubleVector y = hi.sub(lo.sub(r2.mul(q))).add(1.0);
            DoubleVector twoK = ((LongVector) t.reinterpretAsLongs()).add(1023L)
                    .lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            DoubleVector e = y.mul(twoK);
            // the sign bit, as DetMath reads it (so -0.0 counts as negative)
            VectorMask<Double> negative = ((LongVector) x.reinterpretAsLongs()).compare(VectorOperators.LT, 0L).cast(S);
            DoubleVector num = DoubleVector.broadcast(S, 1.0).blend(e, negative);
            VectorMask<Double> slow = m.compare(VectorOperators.LE, -EXP_FAST).or(x.compare(VectorOperators.NE, x));
            if (slow.anyTrue()) {
                // every lane by the scalar function (the same bits where the fast path holds), each read before
                // it is written, so that out may be z
                for (int lane = 0; lane < L; lane++) {
                    out[k + lane] = DetMath.sigmoid(z[k + lane]);
                }
            } else {
                num.div(e.add(1.0)).intoArray(out, k);
            }
        }
    }
}
