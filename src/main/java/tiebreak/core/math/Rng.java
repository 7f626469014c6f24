package tiebreak.core.math;

/**
 * A SplitMix64 generator (Steele, Lea and Flood, 2014): a 64-bit counter advanced by the golden gamma and
 * passed through a fixed bijective mixer. Each run derives its own streams from its seeds with
 * {@link #stream(long, Purpose)}, so no generator is ever shared between runs or threads, and the same
 * spec draws the same numbers on every machine.
 *
 * <p>Derivation scheme (stable; changing it changes every result): the stream for seed {@code s} and
 * purpose {@code p} starts from state {@code mix(mix(s) + p.code * GOLDEN)}; each draw adds {@code GOLDEN}
 * to the state and returns {@code mix(state)}. Uniform doubles take the top 53 bits; normal deviates use
 * Box-Muller with {@link StrictMath} (one deviate per pair of uniforms, the sine branch discarded).
 */
public final class Rng {
    /**
     * What each draw adds to the state, and the mixer's two multipliers: public, with {@link #startState}, for
     * the lane kernel's draws of eight streams at once, which must follow the same scheme bit for bit.
     */
    public static final long GOLDEN = 0x9E3779B97F4A7C15L;
    public static final long MIX1 = 0xBF58476D1CE4E5B9L;
    public static final long MIX2 = 0x94D049BB133111EBL;
    /** A uniform double is the top 53 bits of a draw times this. */
    public static final double UNIT = 0x1.0p-53;

    /** What a stream is for; the code is part of the derivation scheme and must never change. */
    public enum Purpose {
        INIT(1), PERTURBATION(2), DATA_INPUTS(3), DATA_TEACHER(4), DATA_LABEL_NOISE(5),
        DROPOUT(6), BATCH_ORDER(7), GRADIENT_NOISE(8), LR_JITTER(9), STEP_NOISE(10);

        final long code;

        Purpose(long code) {
            this.code = code;
        }
    }

    private long state;

    private Rng(long state) {
        this.state = state;
    }

    /** The stream for one purpose of one seed. */
    public static Rng stream(long seed, Purpose purpose) {
        return new Rng(startState(seed, purpose));
    }

    /** The state the stream for one purpose of one seed starts from (its first draw adds {@link #GOLDEN}). */
    public static long startState(long seed, Purpose purpose) {
        return mix(mix(seed) + purpose.code * GOLDEN);
    }

    /** The SplitMix64 finaliser (variant 13 of Stafford's mixers). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * MIX1;
        z = (z ^ (z >>> 27)) * MIX2;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * UNIT;
    }

    /** Uniform integer in [0, bound), unbiased (Lemire's rejection is not needed at our bounds; modulo bias below 2^-40). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        return (int) Long.remainderUnsigned(nextLong(), bound);
    }

    /** Standard normal deviate (Box–Muller; {@link StrictCos} has StrictMath.cos's bits without its allocation). */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble(); // in (0, 1]: log is finite
        double u2 = nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictCos.cos(2.0 * StrictMath.PI * u2);
    }
}
