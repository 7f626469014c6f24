package tiebreak.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tiebreak.core.Specs;
import tiebreak.core.net.Activation;
import tiebreak.core.plan.WorkEstimate;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.TieMode;
import tiebreak.core.spec.Training;

class ChunksTest {
    private static List<RunSpec> runs(int count, int steps) {
        List<RunSpec> runs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            runs.add(Specs.spec(List.of(4, 6, 1), Activation.TANH, TieMode.IN_OUT, steps, i));
        }
        return runs;
    }

    private static void assertEveryRunOnceInOrder(List<RunSpec> runs, List<List<RunSpec>> chunks) {
        List<RunSpec> joined = new ArrayList<>();
        chunks.forEach(joined::addAll);
        assertEquals(runs, joined);
    }

    @Test
    void fixedChunksHoldTheGivenCount() {
        List<RunSpec> runs = runs(105, 1);
        List<List<RunSpec>> chunks = SweepJob.chunksOf(runs, 50);
        assertEquals(List.of(50, 50, 5), chunks.stream().map(List::size).toList());
        assertEveryRunOnceInOrder(runs, chunks);
    }

    @Test
    void cheapRunsFillTheLargestChunks() {
        List<RunSpec> runs = runs(2 * SweepJob.MAX_CHUNK + 10, 1);
        List<List<RunSpec>> chunks = SweepJob.chunksByWork(runs, 2);
        assertEquals(List.of(SweepJob.MAX_CHUNK, SweepJob.MAX_CHUNK, 10), chunks.stream().map(List::size).toList());
        assertEveryRunOnceInOrder(runs, chunks);
    }

    @Test
    void costlyRunsMakeChunksOfAboutTheBudgetsWork() {
        // finite differences, 100 steps: about a tenth of a second a run by the estimate
        Training fd = Specs.training("finite-difference");
        List<RunSpec> runs = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            runs.add(Specs.spec(Specs.SMALL_TEACHER, List.of(16), Activation.TANH, tiebreak.core.net.InitScheme.LECUN_NORMAL,
                    TieMode.IN_OUT, 1, List.of(0, 1), 100, i, fd));
        }
        double perRun = WorkEstimate.of(runs.get(0)).seconds() + WorkEstimate.PER_RUN_SECONDS;
        int cores = 4;
        List<List<RunSpec>> chunks = SweepJob.chunksByWork(runs, cores);
        assertEveryRunOnceInOrder(runs, chunks);
        int expected = (int) Math.ceil(SweepJob.CHUNK_SECONDS_PER_CORE * cores / perRun);
        assertTrue(expected > SweepJob.MIN_CHUNK && expected < SweepJob.MAX_CHUNK, "per run " + perRun);
        for (List<RunSpec> chunk : chunks.subList(0, chunks.size() - 1)) {
            assertEquals(expected, chunk.size(), 1.0);
        }
        // twice the cores, twice the runs a chunk
        assertEquals(2 * expected, SweepJob.chunksByWork(runs, 2 * cores).get(0).size(), 2.0);
    }

    @Test
    void aChunkHoldsAtLeastTheFewestRunsHoweverCostlyEach() {
        Training fd = Specs.training("finite-difference");
        List<RunSpec> runs = new ArrayList<>();
        for (int i = 0; i < 3 * SweepJob.MIN_CHUNK; i++) {
            runs.add(Specs.spec(tiebreak.core.spec.TaskSpec.teacher(64, 3, 4096, 0.0), List.of(256), Activation.TANH,
                    tiebreak.core.net.InitScheme.LECUN_NORMAL, TieMode.IN_OUT, 1, List.of(0, 1), 5000, i, fd));
        }
        assertTrue(WorkEstimate.of(runs.get(0)).seconds() * SweepJob.MIN_CHUNK > SweepJob.CHUNK_SECONDS_PER_CORE * 2);
        assertEquals(List.of(SweepJob.MIN_CHUNK, SweepJob.MIN_CHUNK, SweepJob.MIN_CHUNK),
                SweepJob.chunksByWork(runs, 2).stream().map(List::size).toList());
    }
}
