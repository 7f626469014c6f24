package tiebreak.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.junit.jupiter.api.Test;
import tiebreak.core.math.Rng;

class BatchOrderTest {
    /** 10 samples in batches of 3: three disjoint batches per epoch, the tenth sample's partial slice skipped. */
    @Test
    void eachEpochIsOnePermutationCutIntoWholeBatches() {
        BatchOrder batches = new BatchOrder();
        batches.reset(Rng.stream(7, Rng.Purpose.BATCH_ORDER), 10);
        int[][] epochs = new int[4][9];
        for (int epoch = 0; epoch < 4; epoch++) {
            BitSet seen = new BitSet();
            for (int b = 0; b < 3; b++) {
                int from = batches.next(3);
                assertEquals(3 * b, from, "epoch " + epoch + " batch " + b + " starts a fresh permutation's slice");
                for (int r = 0; r < 3; r++) {
                    int s = batches.sample(from + r);
                    assertTrue(s >= 0 && s < 10 && !seen.get(s), "sample " + s + " twice in epoch " + epoch);
                    seen.set(s);
                    epochs[epoch][3 * b + r] = s;
                }
            }
        }
        assertNotEquals(java.util.Arrays.toString(epochs[0]), java.util.Arrays.toString(epochs[1]),
                "each epoch draws a new permutation");
    }

    /** The order depends on the stream alone: a reset replays it, whatever came before. */
    @Test
    void theOrderIsTheStreamsAlone() {
        BatchOrder first = new BatchOrder();
        BatchOrder second = new BatchOrder();
        second.reset(Rng.stream(3, Rng.Purpose.BATCH_ORDER), 40);   // a larger run before: a larger array
        second.next(16);
        first.reset(Rng.stream(5, Rng.Purpose.BATCH_ORDER), 12);
        second.reset(Rng.stream(5, Rng.Purpose.BATCH_ORDER), 12);
        int[] a = new int[24];
        int[] b = new int[24];
        for (int k = 0; k < 6; k++) {
            int fa = first.next(4);
            int fb = second.next(4);
            for (int r = 0; r < 4; r++) {
                a[4 * k + r] = first.sample(fa + r);
                b[4 * k + r] = second.sample(fb + r);
            }
        }
        assertArrayEquals(a, b);
    }

    @Test
    void perturbationRules() {
        Rng rng = Rng.stream(11, Rng.Purpose.LR_JITTER);
        double smallest = Double.POSITIVE_INFINITY;
        for (int k = 0; k < 10_000; k++) {
            smallest = Math.min(smallest, Perturbations.learningRateFactor(2.0, rng));
        }
        assertEquals(0.01, smallest, "a factor never falls below 0.01 (with ρ = 2 many draws would)");
        assertEquals(2.0, Perturbations.keptScale(0.5));
        Rng dropout = Rng.stream(11, Rng.Purpose.DROPOUT);
        int dropped = 0;
        int draws = 100_000;
        for (int k = 0; k < draws; k++) {
            double m = Perturbations.maskEntry(dropout, 0.3, Perturbations.keptScale(0.3));
            assertTrue(m == 0.0 || m == 1.0 / 0.7, "mask entry " + m);
            dropped += m == 0.0 ? 1 : 0;
        }
        // binomial(100,000, 0.3): sd 145; 5 sd either side
        assertTrue(Math.abs(dropped - 0.3 * draws) < 5 * 145, "dropped " + dropped);
    }
}
