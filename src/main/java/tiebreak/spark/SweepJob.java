package tiebreak.spark;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import tiebreak.core.lanes.LaneBatch;
import tiebreak.core.plan.WorkEstimate;
import tiebreak.sweep.Sweep;

/**
 * Runs a sweep on Spark: the runs still missing, as index ranges, are cut into chunks of equal estimated work
 * and each chunk into tasks of equal estimated work ({@link WorkCuts}); each chunk is one Spark job whose
 * partitions expand their own ranges into specs and train them in {@code mapPartitions} (the driver
 * holds ranges, never specs: its memory does not grow with the sweep), written to a staging folder and then
 * promoted into the Parquet table {@code <out>/runs} (see {@link ResultFolder}). An interrupted sweep loses only the chunks in
 * flight: two at a time, so that the next chunk's tasks fill the cores while the current one finishes.
 */
public final class SweepJob {
    /**
     * By default a chunk is about this much estimated work per core ({@link WorkEstimate}, plus
     * {@link WorkEstimate#PER_RUN_SECONDS} a run): a crash loses the chunks in flight, two, so under a minute of the
     * executors' time; and each chunk costs a Spark job (two with trajectories), their tasks and a commit,
     * which for runs of a millisecond cost more than the runs (docs/performance.md, "Sweeps end to end").
     */
    static final double CHUNK_SECONDS_PER_CORE = 30;
    /**
     * Work-sized chunks hold {@code MIN_CHUNK} runs or more on average (a chunk's fixed cost is paid per
     * chunk, however costly its runs) and {@code MAX_CHUNK} at most (the heap they hold).
     */
    static final int MIN_CHUNK = 64;
    public static final int MAX_CHUNK = 50_000;
    private static final int CHUNKS_IN_FLIGHT = 2;

    private SweepJob() {
    }

    /**
     * Default partition count of a chunk: a task per core at least, 2 per core where each still fills a
     * batch of {@code lanes} runs, at most 8 per core, and at least 64 batches per task (each task
     * deserialises its closure and the Hadoop configuration and writes its own files, so small tasks cost:
     * conf/bench.yaml, 10,000 runs, 32 tasks per 2,000-run chunk 70.9 s, 8 tasks 64.7 s; 50,000 one-step runs
     * in 16 tasks 12.7-12.9 s, in 32 14.0 s). A batch costs the same however few of its lanes are runs, so a
     * sweep of fewer runs than lanes × cores gets a task per core: 4 runs on 2 cores train as 2 batches, not 4.
     */
    public static int defaultPartitions(long runs, int cores, int lanes) {
        long perTask = 64L * lanes;
        long wanted = Math.max(cores, Math.max(Math.min(2L * cores, (runs + lanes - 1) / lanes),
                Math.min(8L * cores, (runs + perTask - 1) / perTask)));
        return (int) Math.max(1, Math.min(runs, wanted));
    }

    /**
     * What a sweep job did: runs trained, the task time spent training them (summed over tasks), and when
     * (System.nanoTime()) its first task started, a core first went idle with no training task left to start,
     * its last training task ended and its last task ended, 0 if it ran none.
     */
    public record Work(long trained, long trainingNanos, long firstTaskNanos, long idleForGoodNanos,
            long lastTrainingEndNanos, long lastTaskEndNanos) {
        /** The tail: from the first core idle for good to the last training task's end. */
        public double tailSeconds() {
            return idleForGoodNanos == 0 ? 0 : (lastTrainingEndNanos - idleForGoodNanos) / 1e9;
        }
    }

    /**
     * What to train and where: the sweep, its runs still missing, the folder, whether it keeps trajectories,
     * {@code partitions} per chunk (0: the default), runs per chunk (0: by estimated work, see
     * {@link #chunksByWork}). The progress line counts the runs not missing as done already.
     */
    public record Request(Sweep sweep, List<RunRange> missing, ResultFolder folder, boolean trajectories, int partitions,
            int chunkRuns) {
    }

    /**
     * Trains the request's runs and commits them to its folder, chunk by chunk, with a progress line on
     * {@code progress} (rewritten in place on a terminal); returns the number trained and the training time.
     */
    public static Work run(SparkSession spark, Request request, PrintStream progress, boolean terminal) {
        Sweep sweep = request.sweep();
        List<RunRange> missing = request.missing();
        ResultFolder folder = request.folder();
        boolean trajectories = request.trajectories();
        int partitions = request.partitions();
        int chunkRuns = request.chunkRuns();
        long total = sweep.runCount();
        long alreadyDone = total - RunRange.count(missing);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        LongAccumulator runsDone = jsc.sc().longAccumulator("runs done");
        LongAccumulator trainingNanos = jsc.sc().longAccumulator("training ns");
        Broadcast<Sweep> shipped = jsc.broadcast(sweep);
        ProgressLine line = new ProgressLine(runsDone, alreadyDone, total, progress, terminal);
        spark.sparkContext().addSparkListener(line);
        ExecutorService submitters = Executors.newFixedThreadPool(CHUNKS_IN_FLIGHT, r -> {
            Thread t = new Thread(r, "tiebreak-chunk");
            t.setDaemon(true);
            return t;
        });
        // chunks are made as they are submitted, at most CHUNKS_IN_FLIGHT at a time: the driver holds those,
        // not the sweep's whole list of chunks
        Semaphore inFlight = new Semaphore(CHUNKS_IN_FLIGHT);
        List<Future<?>> pending = new ArrayList<>();
        try {
            int cores = spark.sparkContext().defaultParallelism();
            java.util.function.Consumer<List<RunRange>> submit = chunk -> {
                awaitSlot(inFlight, pending);
                long size = RunRange.count(chunk);
                int tasks = (int) (partitions > 0 ? Math.min(partitions, size) : defaultPartitions(size, cores, LaneBatch.lanes()));
                pending.add(submitters.submit(() -> {
                    try {
                        List<List<RunRange>> pieces = new WorkCuts(sweep).cut(chunk, tasks, Long.MAX_VALUE);
                        writeChunk(spark, jsc, shipped, pieces, cores, runsDone, trainingNanos, folder, trajectories);
                        return null;
                    } finally {
                        inFlight.release();
                    }
                }));
            };
            if (chunkRuns > 0) {
                forEachChunkOf(missing, chunkRuns, submit);
            } else {
                forEachChunkByWork(sweep, missing, cores, submit);
            }
            for (Future<?> chunk : pending) {
                chunk.get();
            }
            if (runsDone.value() > 0) {    // nothing trained (a complete --resume): no task to hear of
                line.awaitShown(alreadyDone + runsDone.value(), 2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            jsc.cancelAllJobs();   // the other chunk in flight: its tasks would meet the broadcast destroyed below
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ChunkFailed e) {
            jsc.cancelAllJobs();
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            submitters.shutdownNow();
            line.finish();
            spark.sparkContext().removeSparkListener(line);
            shipped.destroy();
        }
        return new Work(runsDone.value(), trainingNanos.value(), line.firstTaskNanos(), line.idleForGoodNanos(),
                line.lastTrainingEndNanos(), line.lastTaskEndNanos());
    }

    /** A chunk that failed while the next was being submitted: its cause. */
    private static final class ChunkFailed extends RuntimeException {
        ChunkFailed(Throwable cause) {
            super(cause);
        }
    }

    /**
     * Waits for a free slot of the chunks in flight; drops the chunks that are done, throwing
     * {@link ChunkFailed} for one that failed, so that no further chunk is submitted after a failure.
     */
    private static void awaitSlot(Semaphore inFlight, List<Future<?>> pending) {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChunkFailed(new IllegalStateException("interrupted", e));
        }
        for (java.util.Iterator<Future<?>> i = pending.iterator(); i.hasNext(); ) {
            Future<?> f = i.next();
            if (f.isDone()) {
                i.remove();
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ChunkFailed(e);
                } catch (ExecutionException e) {
                    inFlight.release();
                    throw new ChunkFailed(e.getCause());
                }
            }
        }
    }

    /** Consecutive chunks of {@code runs} runs each (the last one shorter). */
    static List<List<RunRange>> chunksOf(List<RunRange> missing, long runs) {
        List<List<RunRange>> chunks = new ArrayList<>();
        forEachChunkOf(missing, runs, chunks::add);
        return chunks;
    }

    static void forEachChunkOf(List<RunRange> missing, long runs, java.util.function.Consumer<List<RunRange>> each) {
        List<RunRange> current = new ArrayList<>();
        long held = 0;
        for (RunRange r : missing) {
            for (long from = r.from(); from < r.to(); ) {
                long to = Math.min(r.to(), from + runs - held);
                current.add(new RunRange(from, to));
                held += to - from;
                from = to;
                if (held == runs) {
                    each.accept(List.copyOf(current));
                    current.clear();
                    held = 0;
                }
            }
        }
        if (held > 0) {
            each.accept(List.copyOf(current));
        }
    }

    /**
     * Consecutive chunks of equal estimated work, as few as it takes for each to be at most
     * {@link #CHUNK_SECONDS_PER_CORE} × {@code cores} and {@link #MAX_CHUNK} runs (and, however costly the
     * runs, no more than one per {@link #MIN_CHUNK} runs). A sweep that fits the budget is one chunk: for
     * 50,000 one-step runs its tasks took 9.8 s, against 11.0-13.3 s as two chunks in flight and 15.1-17.0 s
     * as ten. The same cut for the same sweep, ranges and core count, and a run's result does not depend on
     * its chunk anyway.
     */
    static List<List<RunRange>> chunksByWork(Sweep sweep, List<RunRange> missing, int cores) {
        List<List<RunRange>> chunks = new ArrayList<>();
        forEachChunkByWork(sweep, missing, cores, chunks::add);
        return chunks;
    }

    static void forEachChunkByWork(Sweep sweep, List<RunRange> missing, int cores,
            java.util.function.Consumer<List<RunRange>> each) {
        WorkCuts cuts = new WorkCuts(sweep);
        long n = RunRange.count(missing);
        double work = cuts.total(missing);
        long byWork = (long) Math.ceil(work / (CHUNK_SECONDS_PER_CORE * Math.max(1, cores)));
        long byRuns = (n + MAX_CHUNK - 1) / MAX_CHUNK;
        long count = Math.max(byRuns, Math.max(1, Math.min(byWork, n / MIN_CHUNK)));
        cuts.cut(missing, work, (int) Math.min(Integer.MAX_VALUE, count), MAX_CHUNK, each);
    }

    /**
     * One chunk: train, write {@code runs} (and, from the same cached results, {@code trajectories}) into a
     * staging folder, promote. The cache keeps the second write from training the chunk again. Plain RDDs up
     * to the rows: the results are Java objects until each table's rows are made from them, so no encoder is
     * planned for the specs and no columnar cache is built for nested checkpoint arrays.
     */
    private static void writeChunk(SparkSession spark, JavaSparkContext jsc, Broadcast<Sweep> sweep,
            List<List<RunRange>> pieces, int cores, LongAccumulator runsDone, LongAccumulator trainingNanos,
            ResultFolder folder, boolean trajectories) throws java.io.IOException {
        // one piece a partition: parallelize slices a list of n elements into n partitions of one each
        int tasks = pieces.size();
        JavaRDD<CachedResult> results = jsc.parallelize(pieces, tasks)
                .mapPartitions(new TrainPartition(sweep, runsDone, trainingNanos)).map(CachedResult::new);
        String staging = folder.newStagingFolder();
        if (trajectories) {
            results.persist(StorageLevel.MEMORY_AND_DISK());
        }
        try {
            // one file per task, whatever spark.sql.files.maxRecordsPerFile says: a run's trajectory rows stay in
            // one file, in step order, as ResumeCheck expects
            DataFrameWriter<Row> runs = spark.createDataFrame(results.map(r -> RunsTable.toRow(r.result, r.runId)), RunsTable.SCHEMA)
                    .write().mode(SaveMode.ErrorIfExists).option("maxRecordsPerFile", 0);
            for (String column : RunsTable.RUN_MEASURES) {
                runs = runs.option("parquet.enable.dictionary#" + column, "false");
            }
            jsc.setLocalProperty(ProgressLine.TRAINING, "true");
            try {
                runs.parquet(staging + "/" + ResultFolder.RUNS);
            } finally {
                jsc.setLocalProperty(ProgressLine.TRAINING, null);
            }
            if (trajectories) {
                // a task per core, not per training task: each costs a Parquet writer, a commit and the Hadoop
                // configuration deserialised, a fifth of the chunk's task time for 50,000 one-step runs
                DataFrameWriter<Row> writer = spark.createDataFrame(results.coalesce(Math.min(tasks, cores)).flatMap(r -> RunsTable.trajectoryRows(r.result, r.runId)),
                        RunsTable.TRAJECTORY_SCHEMA).write().mode(SaveMode.ErrorIfExists).option("maxRecordsPerFile", 0);
                for (String column : RunsTable.TRAJECTORY_MEASURES) {
                    writer = writer.option("parquet.enable.dictionary#" + column, "false");
                }
                for (String column : RunsTable.SPLIT_HESSIAN_MEASURES) {
                    writer = writer.option("parquet.enable.dictionary#" + column, "false");
                }
                writer.parquet(staging + "/" + ResultFolder.TRAJECTORIES);
            }
        } finally {
            results.unpersist();
        }
        folder.promote(staging);
    }
}
