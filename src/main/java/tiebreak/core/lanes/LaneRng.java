package tiebreak.core.lanes;

import static tiebreak.core.lanes.LaneMath.O;
import static tiebreak.core.lanes.LaneMath.S;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import tiebreak.core.math.Rng;

/**
 * Eight {@link Rng} streams drawn at once, one per lane: each lane's state in a long array, each draw the
 * SplitMix64 step and mixer of {@link Rng#nextLong} on a vector of states, so lane i draws exactly the numbers
 * its own Rng would, in the same order. Uniform doubles are {@link Rng#nextDouble}'s top 53 bits times 2^-53;
 * the conversion to double is exact (below 2^53).
 */
final class LaneRng {
    private static final int L = LaneMath.L;
    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;

    private LaneRng() {
    }

    /**
     * Inverted-dropout masks for {@code count} elements, from each lane's dropout stream in {@code state}:
     * {@code mask[O + e * L + lane]} is 0 where the lane's next uniform is below p, else {@code kept}, as
     * {@link tiebreak.core.train.Perturbations#maskEntry} draws them. The states advance by {@code count}.
     */
    static void masks(long[] state, double p, double kept, double[] mask, int count) {
        LongVector s = LongVector.fromArray(LONGS, state, 0);
        DoubleVector keptV = DoubleVector.broadcast(S, kept);
        DoubleVector zero = DoubleVector.zero(S);
        for (int e = 0; e < count; e++) {
            s = s.add(Rng.GOLDEN);
            LongVector z = s.lanewise(VectorOperators.XOR, s.lanewise(VectorOperators.LSHR, 30)).mul(Rng.MIX1);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(Rng.MIX2);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31)).lanewise(VectorOperators.LSHR, 11);
            DoubleVector u = ((DoubleVector) z.convert(VectorOperators.L2D, 0)).mul(Rng.UNIT);
            keptV.blend(zero, u.compare(VectorOperators.LT, p)).intoArray(mask, O + e * L);
        }
        s.intoArray(state, 0);
    }

    /**
     * {@code count} normal deviates per lane, {@code out[O + e * L + lane]}, as {@link Rng#nextGaussian} draws
     * them from each lane's stream in {@code state}: u1 = 1 − uniform, u2 = uniform, then
     * √(−2 log u1) · cos(2π u2) with fdlibm's log and cos ({@link LaneFdlibm}). {@code angle} is scratch of
     * the same size. The states advance by 2 · count.
     */
    static void gaussians(long[] state, double[] out, double[] angle, int count) {
        LongVector s = LongVector.fromArray(LONGS, state, 0);
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        // the mixer written out twice, as in masks: a helper returning a vector boxes wherever it is not inlined
        for (int e = 0; e < count; e++) {
            s = s.add(Rng.GOLDEN);
            LongVector z = s.lanewise(VectorOperators.XOR, s.lanewise(VectorOperators.LSHR, 30)).mul(Rng.MIX1);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(Rng.MIX2);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31)).lanewise(VectorOperators.LSHR, 11);
            one.sub(((DoubleVector) z.convert(VectorOperators.L2D, 0)).mul(Rng.UNIT)).intoArray(out, O + e * L);
            s = s.add(Rng.GOLDEN);
            z = s.lanewise(VectorOperators.XOR, s.lanewise(VectorOperators.LSHR, 30)).mul(Rng.MIX1);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(Rng.MIX2);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31)).lanewise(VectorOperators.LSHR, 11);
            ((DoubleVector) z.convert(VectorOperators.L2D, 0)).mul(Rng.UNIT).mul(TWO_PI).intoArray(angle, O + e * L);
        }
        s.intoArray(state, 0);
        LaneFdlibm.log(out, out, count * L);
        LaneFdlibm.cos(angle, angle, count * L);
        for (int k = O; k < O + count * L; k += L) {
            DoubleVector.fromArray(S, out, k).mul(-2.0).sqrt().mul(DoubleVector.fromArray(S, angle, k)).intoArray(out, k);
        }
    }

    /** 2π as Box–Muller's 2.0 * StrictMath.PI (exact: a power of two times π's double). */
    private static final double TWO_PI = 2.0 * StrictMath.PI;
}
