package tiebreak.core.train;

import tiebreak.core.math.Rng;

/**
 * Which samples each minibatch takes: consecutive slices of a permutation drawn afresh (Fisher–Yates from
 * the run's batch-order stream) whenever the current one has fewer samples left than a batch, so the last
 * partial slice of an epoch is skipped. Allocates only when the sample count grows.
 */
public final class BatchOrder {
    private int[] order = new int[0];
    private int samples;
    private int position;
    private Rng rng;

    /** A new run over {@code samples} samples; its first batch shuffles. */
    public void reset(Rng batchOrder, int samples) {
        this.rng = batchOrder;
        this.samples = samples;
        if (order.length < samples) {
            order = new int[samples];
        }
        position = samples;
    }

    /** Starts the next batch of {@code size} samples; returns where it begins, for {@link #sample}. */
    public int next(int size) {
        if (position + size > samples) {
            shuffle();
        }
        int from = position;
        position += size;
        return from;
    }

    /** The sample at {@code index} of the current permutation. */
    public int sample(int index) {
        return order[index];
    }

    private void shuffle() {
        for (int s = 0; s < samples; s++) {
            order[s] = s;
        }
        for (int s = samples - 1; s > 0; s--) {
            int j = rng.nextInt(s + 1);
            int swap = order[s];
            order[s] = order[j];
            order[j] = swap;
        }
        position = 0;
    }
}
