package tiebreak.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tiebreak.core.plan.WorkEstimate;
import tiebreak.sweep.ConfigException;
import tiebreak.sweep.Sweep;
import tiebreak.sweep.SweepFile;

class ChunksTest {
    @TempDir
    Path dir;

    private Sweep sweep(String yaml) throws IOException, ConfigException {
        Path file = dir.resolve("sweep-" + Integer.toHexString(yaml.hashCode()) + ".yaml");
        Files.writeString(file, yaml);
        return SweepFile.read(file);
    }

    /** {@code count} runs of one step: the cheapest there are. */
    private Sweep cheap(int count) throws IOException, ConfigException {
        return sweep("name: cheap\ntask: {name: teacher, d: 4, m: 3, n: 64}\nseeds: " + count
                + "\nwidths: [4, 6, 1]\nsteps: 1\n");
    }

    /** Finite differences, 500 steps on 256 samples: about 0.15 s a run by the estimate. */
    private Sweep finiteDifferences(int count) throws IOException, ConfigException {
        return sweep("name: fd\ntask: {name: teacher, d: 4, m: 3, n: 256}\nseeds: " + count
                + "\nwidths: [4, 16, 1]\nsteps: 500\ngradient: finite-difference\n");
    }

    /** 1,000 finite-difference runs, then 5,000 of one step (five cheap variants after the costly one). */
    private Sweep uneven() throws IOException, ConfigException {
        StringBuilder yaml = new StringBuilder("name: uneven\ntask: {name: teacher, d: 4, m: 3, n: 256}\nseeds: 1000\n"
                + "widths: [4, 16, 1]\nsteps: 500\nvariants:\n  - {name: fd, gradient: finite-difference}\n");
        for (int v = 0; v < 5; v++) {
            yaml.append("  - {name: cheap ").append(v).append(", steps: 1, lr: 0.0").append(v + 1).append("}\n");
        }
        return sweep(yaml.toString());
    }

    private static List<RunRange> all(Sweep sweep) {
        return List.of(new RunRange(0, sweep.runCount()));
    }

    private static List<Long> indices(List<List<RunRange>> pieces) {
        List<Long> out = new ArrayList<>();
        pieces.forEach(p -> p.forEach(r -> {
            for (long i = r.from(); i < r.to(); i++) {
                out.add(i);
            }
        }));
        return out;
    }

    private static List<Long> indicesOf(List<RunRange> ranges) {
        return indices(List.of(ranges));
    }

    private static List<Long> sizes(List<List<RunRange>> chunks) {
        return chunks.stream().map(RunRange::count).toList();
    }

    private static double work(Sweep sweep, List<RunRange> chunk) {
        return new WorkCuts(sweep).total(chunk);
    }

    @Test
    void fixedChunksHoldTheGivenCountAcrossGaps() {
        List<RunRange> missing = List.of(new RunRange(0, 30), new RunRange(40, 115));
        List<List<RunRange>> chunks = SweepJob.chunksOf(missing, 50);
        assertEquals(List.of(50L, 50L, 5L), sizes(chunks));
        assertEquals(indicesOf(missing), indices(chunks));
        assertEquals(List.of(new RunRange(0, 30), new RunRange(40, 60)), chunks.get(0));
    }

    @Test
    void cheapRunsMakeTheFewestChunksTheRunLimitAllows() throws Exception {
        Sweep sweep = cheap(2 * SweepJob.MAX_CHUNK + 10);
        List<List<RunRange>> chunks = SweepJob.chunksByWork(sweep, all(sweep), 2);
        assertEquals(indicesOf(all(sweep)), indices(chunks));
        assertEquals(3, chunks.size(), sizes(chunks).toString());
        for (List<RunRange> chunk : chunks) {
            assertTrue(RunRange.count(chunk) <= SweepJob.MAX_CHUNK);
            assertEquals(sweep.runCount() / 3.0, RunRange.count(chunk), 1.0, "equal work, equal runs: " + sizes(chunks));
        }
    }

    @Test
    void aSweepThatFitsTheBudgetIsOneChunk() throws Exception {
        assertEquals(List.of(1000L), sizes(SweepJob.chunksByWork(cheap(1000), all(cheap(1000)), 2)));
        assertEquals(List.of(1L), sizes(SweepJob.chunksByWork(cheap(1), all(cheap(1)), 2)));
        assertEquals(List.of(), SweepJob.chunksByWork(cheap(1), List.of(), 2));
    }

    @Test
    void costlyRunsMakeChunksOfEqualWorkWithinTheBudget() throws Exception {
        Sweep sweep = finiteDifferences(20_000);
        int cores = 4;
        double budget = SweepJob.CHUNK_SECONDS_PER_CORE * cores;
        List<List<RunRange>> chunks = SweepJob.chunksByWork(sweep, all(sweep), cores);
        assertEquals(indicesOf(all(sweep)), indices(chunks));
        assertEquals((int) Math.ceil(work(sweep, all(sweep)) / budget), chunks.size());
        for (List<RunRange> chunk : chunks) {
            assertTrue(work(sweep, chunk) <= budget * 1.001, work(sweep, chunk) + " s of work");
            assertEquals(sweep.runCount() / (double) chunks.size(), RunRange.count(chunk), 1.0);
        }
        // twice the cores, half the chunks
        assertEquals(Math.ceil(chunks.size() / 2.0), SweepJob.chunksByWork(sweep, all(sweep), 2 * cores).size(), 1.0);
    }

    @Test
    void unevenRunsAreCutByWorkNotByCount() throws Exception {
        Sweep sweep = uneven();
        List<List<RunRange>> chunks = SweepJob.chunksByWork(sweep, all(sweep), 1);
        assertEquals(indicesOf(all(sweep)), indices(chunks));
        assertTrue(chunks.size() >= 3 && RunRange.count(chunks.get(0)) < 1000, sizes(chunks).toString());
        double first = work(sweep, chunks.get(0));
        for (List<RunRange> chunk : chunks.subList(0, chunks.size() - 1)) {
            assertEquals(first, work(sweep, chunk), 0.01 * first, sizes(chunks).toString());
        }
    }

    @Test
    void tasksAreCutByWorkSoThatNoneStraggles() throws Exception {
        // what a chunk's tasks get: equal work, whatever the runs' counts; by count, the task holding the
        // finite differences would hold most of the work
        Sweep sweep = uneven();
        List<RunRange> missing = List.of(new RunRange(500, 1200), new RunRange(3000, 3100));
        List<List<RunRange>> tasks = new WorkCuts(sweep).cut(missing, 4, Long.MAX_VALUE);
        assertEquals(4, tasks.size());
        assertEquals(indicesOf(missing), indices(tasks));
        double whole = work(sweep, missing);
        for (List<RunRange> task : tasks) {
            assertEquals(whole / 4, work(sweep, task), 0.01 * whole, sizes(tasks).toString());
        }
        // the cheap runs ride with the last task
        assertTrue(RunRange.count(tasks.get(3)) > 200, sizes(tasks).toString());
    }

    @Test
    void aChunkHoldsAtLeastTheFewestRunsHoweverCostlyEach() throws Exception {
        Sweep sweep = sweep("name: costly\ntask: {name: teacher, d: 64, m: 3, n: 4096}\nseeds: " + 3 * SweepJob.MIN_CHUNK
                + "\nwidths: [64, 256, 1]\nsteps: 5000\ngradient: finite-difference\n");
        assertTrue(WorkEstimate.of(sweep.run(0)).seconds() * SweepJob.MIN_CHUNK > SweepJob.CHUNK_SECONDS_PER_CORE * 2);
        assertEquals(List.of((long) SweepJob.MIN_CHUNK, (long) SweepJob.MIN_CHUNK, (long) SweepJob.MIN_CHUNK),
                sizes(SweepJob.chunksByWork(sweep, all(sweep), 2)));
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

    @Test
    void theMissingRunsOfASortedPartitionAreItsStretches() {
        List<org.apache.spark.sql.Row> rows = java.util.stream.LongStream.of(3, 4, 5, 9, 11, 12)
                .mapToObj(i -> org.apache.spark.sql.RowFactory.create(i)).toList();
        List<RunRange> out = new ArrayList<>();
        MissingRuns.stretches(rows.iterator()).forEachRemaining(out::add);
        assertEquals(List.of(new RunRange(3, 6), new RunRange(9, 10), new RunRange(11, 13)), out);
        assertEquals(List.of(new RunRange(3, 10), new RunRange(11, 13)),
                RunRange.merged(List.of(new RunRange(11, 13), new RunRange(3, 6), new RunRange(6, 10), new RunRange(4, 5))));
    }
}
