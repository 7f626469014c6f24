package tiebreak.core.train;

import tiebreak.core.math.Rng;

/**
 * The draws of the protocol's perturbations that both trainers make, each rule written once: a
 * parameter's learning-rate factor and an inverted-dropout mask entry.
 */
public final class Perturbations {
    private Perturbations() {
    }

    /** A parameter's fixed learning-rate factor under jitter ρ: max(1 + ρ·N(0,1), 0.01). */
    public static double learningRateFactor(double jitter, Rng lrJitter) {
        return Math.max(1.0 + jitter * lrJitter.nextGaussian(), 0.01);
    }

    /** What inverted dropout with probability p multiplies a kept unit by: 1/(1 − p). */
    public static double keptScale(double p) {
        return 1.0 / (1.0 - p);
    }

    /** One unit's mask entry for one sample: dropped (0) with probability p, else {@code kept}. */
    public static double maskEntry(Rng dropout, double p, double kept) {
        return dropout.nextDouble() < p ? 0.0 : kept;
    }
}
