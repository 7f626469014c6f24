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

    private static final tiebreak.core.spec.TaskSpec TEACHER_256 = tiebreak.core.spec.TaskSpec.teacher(4, 3, 256, 0.0);

    /** Finite differences, 500 steps on 256 samples: about 0.15 s a run by the estimate. */
    private static List<RunSpec> finiteDifferenceRuns(int count) {
        Training fd = Specs.training("finite-difference");
        List<RunSpec> runs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            runs.add(Specs.spec(TEACHER_256, List.of(16), Activation.TANH, tiebreak.core.net.InitScheme.LECUN_NORMAL,
                    TieMode.IN_OUT, 1, List.of(0, 1), 500, i, fd));
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

    private static List<Integer> sizes(List<List<RunSpec>> chunks) {
        return chunks.stream().map(List::size).toList();
    }

    private static double work(List<RunSpec> chunk) {
        return chunk.stream().mapToDouble(r -> WorkEstimate.of(r).seconds() + WorkEstimate.PER_RUN_SECONDS).sum();
    }

    @Test
    void cheapRunsMakeTheFewestChunksTheRunLimitAllows() {
        List<RunSpec> runs = runs(2 * SweepJob.MAX_CHUNK + 10, 1);
        List<List<RunSpec>> chunks = SweepJob.chunksByWork(runs, 2);
        assertEveryRunOnceInOrder(runs, chunks);
        assertEquals(3, chunks.size(), sizes(chunks).toString());
        for (List<RunSpec> chunk : chunks) {
            assertTrue(chunk.size() <= SweepJob.MAX_CHUNK);
            assertEquals(runs.size() / 3.0, chunk.size(), 1.0, "equal work, equal runs: " + sizes(chunks));
        }
    }

    @Test
    void aSweepThatFitsTheBudgetIsOneChunk() {
        assertEquals(List.of(1000), sizes(SweepJob.chunksByWork(runs(1000, 1), 2)));
        assertEquals(List.of(1), sizes(SweepJob.chunksByWork(runs(1, 1), 2)));
        assertEquals(List.of(), SweepJob.chunksByWork(List.of(), 2));
    }

    @Test
    void costlyRunsMakeChunksOfEqualWorkWithinTheBudget() {
        List<RunSpec> runs = finiteDifferenceRuns(20_000);
        int cores = 4;
        double budget = SweepJob.CHUNK_SECONDS_PER_CORE * cores;
        List<List<RunSpec>> chunks = SweepJob.chunksByWork(runs, cores);
        assertEveryRunOnceInOrder(runs, chunks);
        assertEquals((int) Math.ceil(work(runs) / budget), chunks.size());
        for (List<RunSpec> chunk : chunks) {
            assertTrue(work(chunk) <= budget * 1.001, work(chunk) + " s of work");
            assertEquals(runs.size() / (double) chunks.size(), chunk.size(), 1.0);
        }
        // twice the cores, half the chunks
        assertEquals(Math.ceil(chunks.size() / 2.0), SweepJob.chunksByWork(runs, 2 * cores).size(), 1.0);
    }

    @Test
    void unevenRunsAreCutByWorkNotByCount() {
        // 1,000 finite-difference runs (about 0.1 s each, estimated), then 5,000 of one step: on one core,
        // a few chunks, the first ending early among the costly runs
        List<RunSpec> runs = finiteDifferenceRuns(1000);
        runs.addAll(runs(5000, 1));
        List<List<RunSpec>> chunks = SweepJob.chunksByWork(runs, 1);
        assertEveryRunOnceInOrder(runs, chunks);
        assertTrue(chunks.size() >= 3 && chunks.get(0).size() < 1000, sizes(chunks).toString());
        double first = work(chunks.get(0));
        for (List<RunSpec> chunk : chunks.subList(0, chunks.size() - 1)) {
            assertEquals(first, work(chunk), 0.01 * first, sizes(chunks).toString());
        }
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

    @Test
    void aTaskPerCoreUntilEachFillsABatchThenTwoThenByWork() {
        // fewer runs than a batch per core: a task per core (a batch costs the same however few lanes are runs)
        assertEquals(1, SweepJob.defaultPartitions(1, 2, 8));
        assertEquals(2, SweepJob.defaultPartitions(4, 2, 8));
        assertEquals(2, SweepJob.defaultPartitions(16, 2, 8));
        // 2 per core once each still fills a batch
        assertEquals(3, SweepJob.defaultPartitions(17, 2, 8));
        assertEquals(4, SweepJob.defaultPartitions(1_000, 2, 8));
        // then 64 batches per task, at most 8 tasks per core
        assertEquals(10, SweepJob.defaultPartitions(5_000, 2, 8));
        assertEquals(16, SweepJob.defaultPartitions(50_000, 2, 8));
        assertEquals(16, SweepJob.defaultPartitions(1_000_000_000_000L, 2, 8));
        // one lane (no vector unit): the same rules
        assertEquals(2, SweepJob.defaultPartitions(2, 2, 1));
        assertEquals(4, SweepJob.defaultPartitions(100, 2, 1));
    }
}
