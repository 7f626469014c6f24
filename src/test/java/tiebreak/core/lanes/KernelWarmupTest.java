package tiebreak.core.lanes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tiebreak.core.Specs;
import tiebreak.core.net.Activation;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.TieMode;

class KernelWarmupTest {
    private static List<RunSpec> runs(Activation activation, int steps, int count, long firstSeed) {
        List<RunSpec> runs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            runs.add(Specs.spec(List.of(4, 6, 1), activation, TieMode.IN_OUT, steps, firstSeed + i));
        }
        return runs;
    }

    @Test
    void theBatchIsTheFirstFullGroupOfOneLaneKey() {
        assumeTrue(LaneBatch.available());
        // GELU runs train one at a time; tanh and relu groups fill in turn, relu's first
        List<RunSpec> runs = new ArrayList<>(runs(Activation.GELU, 5, 8, 0));
        List<RunSpec> tanh = runs(Activation.TANH, 5, 8, 100);
        List<RunSpec> relu = runs(Activation.RELU, 5, 8, 200);
        for (int i = 0; i < 8; i++) {
            if (i < 7) {
                runs.add(tanh.get(i));
            }
            runs.add(relu.get(i));
        }
        runs.add(tanh.get(7));
        assertEquals(relu, KernelWarmup.batchFrom(runs));
        assertEquals(LaneBatch.lanes(), KernelWarmup.batchFrom(runs).size());
    }

    @Test
    void noBatchWithoutAFullGroup() {
        assertEquals(List.of(), KernelWarmup.batchFrom(runs(Activation.GELU, 5, 16, 0)));
        assertEquals(List.of(), KernelWarmup.batchFrom(runs(Activation.TANH, 5, LaneBatch.lanes() - 1, 0)));
        assertNull(KernelWarmup.start(runs(Activation.GELU, 5, 16, 0)));
    }

    @Test
    void theKernelCountsAsCompiledOnceBatchesStopGettingFaster() {
        long second = 1_000_000_000L;
        assertFalse(KernelWarmup.compiled(2 * second, 1600, 0), "not on the first batch, however long");
        assertFalse(KernelWarmup.compiled(second / 2, 31, 32), "never before the shortest warm-up");
        assertFalse(KernelWarmup.compiled(second, 100, 1600));
        assertFalse(KernelWarmup.compiled(second, 79, 100), "more than 20% faster than the batch before");
        assertTrue(KernelWarmup.compiled(second, 80, 100));
        assertTrue(KernelWarmup.compiled(second, 33, 31), "slower");
    }

    @Test
    void theWarmupTrainsUntilCompiledOrStoppedAndEnds() throws Exception {
        assumeTrue(LaneBatch.available());
        KernelWarmup warmup = KernelWarmup.start(runs(Activation.TANH, 3, 8, 0));
        warmup.join();   // short runs: it ends by itself after about a second
        assertTrue(warmup.batches() > 1, "batches " + warmup.batches());
        assertTrue(warmup.endNanos() != 0);
        KernelWarmup stopped = KernelWarmup.start(runs(Activation.TANH, 3, 8, 0));
        stopped.stop();
        stopped.join();
        assertTrue(stopped.batches() <= 1, "stops after the batch it was training: " + stopped.batches());
    }
}
