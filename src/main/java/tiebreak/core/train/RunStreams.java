package tiebreak.core.train;

import tiebreak.core.math.Rng;

/**
 * The random streams a run draws from while it trains, each derived from the run's init seed and its
 * purpose: both trainers take a run's streams from here, so a run draws the same numbers on either path.
 */
public final class RunStreams {
    public final Rng dropout;
    public final Rng batchOrder;
    public final Rng gradientNoise;
    public final Rng stepNoise;

    public RunStreams(long initSeed) {
        dropout = Rng.stream(initSeed, Rng.Purpose.DROPOUT);
        batchOrder = Rng.stream(initSeed, Rng.Purpose.BATCH_ORDER);
        gradientNoise = Rng.stream(initSeed, Rng.Purpose.GRADIENT_NOISE);
        stepNoise = Rng.stream(initSeed, Rng.Purpose.STEP_NOISE);
    }
}
