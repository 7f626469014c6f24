package tiebreak.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;
import tiebreak.core.lanes.LaneBatch;
import tiebreak.core.spec.RunSpec;
import tiebreak.spark.FolderLock;
import tiebreak.spark.MissingRuns;
import tiebreak.spark.ResultFolder;
import tiebreak.spark.ResumeCheck;
import tiebreak.spark.RunRange;
import tiebreak.spark.RunsTable;
import tiebreak.spark.Sessions;
import tiebreak.spark.SummaryTable;
import tiebreak.spark.SweepJob;
import tiebreak.sweep.ConfigException;
import tiebreak.sweep.Sweep;
import tiebreak.sweep.SweepFile;

/**
 * {@code sweep CONFIG}: runs a sweep file on Spark and prints its summary. Steps: read and check the sweep and
 * the output folder; record which sweep the folder is for; train the runs not yet committed, chunk by chunk;
 * check that every run is there exactly once; write and print the summary.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Runs every run of a sweep file on Spark, writes the Parquet tables <out>/runs and "
                + "<out>/summary, and prints the summary.")
public final class SweepCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "The sweep file (YAML), e.g. conf/seed-question.yaml.")
    Path config;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Result folder (local path, hdfs://, s3a://). Default: out/<sweep name>. "
                    + "A non-empty folder needs --resume or --overwrite.")
    String out;

    @Option(names = "--resume", description = "Finish an interrupted sweep in DIR: run only the runs whose results are "
            + "missing. Refused if DIR was written by another sweep (or other --seeds).")
    boolean resume;

    @Option(names = "--overwrite", description = "Delete the results already in DIR (runs, summary, sweep.json) first.")
    boolean overwrite;

    @CommandLine.Mixin
    SeedsOption seeds;

    @CommandLine.Mixin
    MasterOption master;

    @Option(names = "--partitions", paramLabel = "P",
            description = "Spark partitions (tasks) per chunk. Default: at least 64 batches of 8 runs per task, 1 to 8 tasks per core (2 where each still fills a batch).")
    Integer partitions;

    @Option(names = "--chunk-runs", paramLabel = "C",
            description = "Runs per committed chunk: an interruption loses at most two chunks. Default: chunks of equal "
                    + "estimated work, at most 30 s per core and " + SweepJob.MAX_CHUNK + " runs each, at least two.")
    Integer chunkRuns;

    @Option(names = "--timeline", description = "Print on stderr where the command's wall time went: the JVM's "
            + "start, the sweep read, Spark's session, the first and last task, the count check, the summary.")
    boolean timeline;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Timeline marks = new Timeline();

    @Override
    public Integer call() throws IOException, ConfigException {
        marks.mark("command started");
        try {
            return sweep();
        } finally {
            if (timeline) {
                marks.mark("command done");
                spec.commandLine().getErr().print(marks.render());
                spec.commandLine().getErr().flush();
            }
        }
    }

    private int sweep() throws IOException, ConfigException {
        SummaryTable.warmParser();
        Sweep sweep = readSweep();
        marks.mark("sweep file read (" + sweep.runCount() + " runs)");
        String outDir = checkedOut(sweep);
        long start = System.nanoTime();
        // a remote folder is reached through Spark's Hadoop configuration; a local one is checked before Spark starts
        SparkSession spark = isRemote(outDir) ? Sessions.create(master.master, "tiebreak sweep " + sweep.name()) : null;
        ResultFolder folder = ResultFolder.at(outDir, spark == null ? new Configuration() : spark.sparkContext().hadoopConfiguration());
        checkFolder(folder, sweep, outDir);   // first unlocked: a folder tiebreak did not write gets no lock file
        try (FolderLock lock = lock(folder, sweep, outDir)) {
            Interruption.advise("; the committed runs are kept: add --resume (--out " + outDir + ") to finish");
            checkFolder(folder, sweep, outDir);   // again, now that no other sweep can change it
            boolean resuming = resume && !folder.isEmpty();
            prepareFolder(folder, sweep, outDir);
            spark = spark != null ? spark : Sessions.create(master.master, "tiebreak sweep " + sweep.name());
            marks.mark("Spark session up");
            return train(spark, sweep, folder, outDir, resuming, start);
        } catch (FolderLock.HeldException e) {
            throw new BadInput("--out: " + outDir + " is being written by another sweep (" + e.getMessage()
                    + "); wait for it to end or stop it");
        }
    }

    /** Trains the runs not yet committed, checks that every run is there once, writes and prints the summary. */
    private int train(SparkSession spark, Sweep sweep, ResultFolder folder, String outDir, boolean resuming, long start)
            throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        long total = sweep.runCount();
        int recovered = folder.recover(sweep.trajectories());
        ResumeCheck.Result kept = resuming ? ResumeCheck.run(spark, folder, sweep.trajectories())
                : new ResumeCheck.Result(0, List.of());
        // run ids (SHA-256 of each spec) are computed, on the executors, only when some runs are committed
        List<RunRange> missing = MissingRuns.find(spark, sweep, folder.path(ResultFolder.RUNS), kept.committedRows() > 0);
        long toRun = RunRange.count(missing);
        long done = total - toRun;
        marks.mark(resuming ? "committed runs found (" + done + ")" : "runs planned");
        stdout.printf(Locale.ROOT, "sweep %s: %d runs (%d conditions x %d seeds) -> %s%n",
                sweep.name(), total, sweep.conditionCount(), sweep.seeds().size(), outDir);
        kept.notes().forEach(stdout::println);
        if (done > 0 || recovered > 0 || !kept.notes().isEmpty()) {
            stdout.printf(Locale.ROOT, "resuming: %d runs already committed, %d to run%n", done, toRun);
        }
        stdout.flush();

        SweepJob.Work work = SweepJob.run(spark, new SweepJob.Request(sweep, missing, folder, sweep.trajectories(),
                partitions == null ? 0 : partitions, chunkRuns == null ? 0 : chunkRuns), System.err,
                System.console() != null);
        marks.at("first task started", work.firstTaskNanos());
        marks.at("a core idle, no training task left", work.idleForGoodNanos());
        marks.at("last task ended", work.lastTaskEndNanos());
        marks.mark("last chunk committed");
        folder.recover(sweep.trajectories()); // nothing left to promote: removes the empty staging folder
        List<Row> summary = checkAndSummarise(spark, folder, outDir, sweep);
        if (summary == null) {
            return 1;
        }
        stdout.print(SummaryPrinter.render(summary, sweep));
        double wall = (System.nanoTime() - start) / 1e9;
        stdout.printf(Locale.ROOT, "%d runs (%d trained now) in %.1f s; tables: %s/runs, %s/summary%s%n",
                total, work.trained(), wall, outDir, outDir,
                sweep.trajectories() ? ", " + outDir + "/trajectories" : "");
        int cores = spark.sparkContext().defaultParallelism();
        stdout.printf(Locale.ROOT, "kernel %s; training %.1f%% of %d cores x %.1f s wall; %.1f runs/s per core; "
                + "tail %.1f s (%.1f%% of the wall: a core idle, the last training task running)%n",
                LaneBatch.describe(), 100 * work.trainingNanos() / 1e9 / (cores * wall), cores, wall,
                work.trained() / wall / cores, work.tailSeconds(), 100 * work.tailSeconds() / wall);
        stdout.flush();
        return 0;
    }

    /**
     * Checks that the folder's runs table holds every run exactly once, then writes and returns the summary;
     * null (after a line on stderr) if the check fails. The summary is computed on a second thread while the
     * check runs (on 2 cores the query's planning, single-threaded on the driver, overlaps the check's pass
     * over the run ids), and written only once the check has passed; if the check fails or throws, the
     * summary's jobs are cancelled.
     */
    private List<Row> checkAndSummarise(SparkSession spark, ResultFolder folder, String outDir, Sweep sweep) {
        // each reads only its columns, in one partition in run-id order, so that neither shuffles
        Dataset<Row> read = spark.read().schema(RunsTable.SCHEMA).parquet(folder.path(ResultFolder.RUNS));
        boolean epsilonFit = SummaryTable.fitsEpsilon(sweep.epsilons());
        long runs = sweep.runCount();
        String group = "tiebreak-summary-" + System.nanoTime();
        ExecutorService summariser = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tiebreak summary");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<SummaryTable.Summary> summary = summariser.submit(() -> {
                spark.sparkContext().setJobGroup(group, "tiebreak summary", true);
                return SummaryTable.collect(spark, SummaryTable.summarised(read), epsilonFit);
            });
            SummaryTable.Counts counts = SummaryTable.count(read);
            marks.mark("count check done");
            if (counts.rows() != runs || counts.distinct() != runs) {
                PrintWriter err = spec.commandLine().getErr();
                err.printf("sweep: %s/runs holds %d rows, %d distinct runs, for %d runs%n", outDir, counts.rows(),
                        counts.distinct(), runs);
                err.flush();
                return null;
            }
            SummaryTable.Summary computed = finished(summary);
            SummaryTable.write(spark, folder.location(), computed);
            marks.mark("summary written");
            return computed.rows();
        } finally {
            spark.sparkContext().cancelJobGroup(group);   // nothing left to cancel once the summary is collected
            summariser.shutdownNow();
        }
    }

    /** The summary thread's result; its failure (a SparkException, most often) rethrown as it was. */
    private static SummaryTable.Summary finished(Future<SummaryTable.Summary> summary) {
        try {
            return summary.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the summary was computed", e);
        } catch (ExecutionException e) {
            throw SweepCommand.<RuntimeException>rethrown(e.getCause());
        }
    }

    /** Throws {@code t} unchanged, checked or not, as Spark's Scala code does with its SparkException. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T rethrown(Throwable t) throws T {
        throw (T) t;
    }

    /** The folder for this sweep alone; a folder that cannot even hold the lock file is bad input. */
    private FolderLock lock(ResultFolder folder, Sweep sweep, String dir) throws FolderLock.HeldException {
        try {
            return folder.lock(sweep.source());
        } catch (IOException e) {
            throw new BadInput("--out: " + dir + " cannot be written ("
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
        }
    }

    /** Clears the folder for --overwrite and records which sweep it is for. */
    private void prepareFolder(ResultFolder folder, Sweep sweep, String dir) {
        try {
            if (overwrite) {
                folder.clear();
            }
            folder.writeManifest(new ResultFolder.Manifest(sweep.name(), sweep.source(), sweep.specHash(), sweep.runCount()));
        } catch (IOException e) {
            throw new BadInput("--out: " + dir + " cannot be written ("
                    + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    private Sweep readSweep() throws ConfigException {
        seeds.check();
        if (partitions != null && partitions < 1) {
            throw new BadInput("--partitions: expected a count >= 1, got " + partitions);
        }
        if (chunkRuns != null && chunkRuns < 1) {
            throw new BadInput("--chunk-runs: expected a count >= 1, got " + chunkRuns);
        }
        if (resume && overwrite) {
            throw new BadInput("--resume and --overwrite exclude each other");
        }
        return seeds.applyTo(SweepFile.read(config));
    }

    /**
     * Refuses a non-empty folder without --resume or --overwrite, either flag in a folder tiebreak did not write
     * (no readable sweep.json), and a --resume into another sweep's folder.
     */
    private void checkFolder(ResultFolder folder, Sweep sweep, String dir) throws IOException {
        if (folder.isEmpty()) {
            return;
        }
        if (!resume && !overwrite) {
            throw new BadInput("--out: " + dir + " is not empty; add --resume to finish the sweep in it or --overwrite to replace it");
        }
        String flag = resume ? "--resume" : "--overwrite";
        Optional<ResultFolder.Manifest> manifest;
        try {
            manifest = folder.manifest();
        } catch (IOException e) {
            throw new BadInput(flag + ": " + dir + "/" + ResultFolder.MANIFEST
                    + " is unreadable (" + e.getMessage().lines().findFirst().orElse("") + "); move the folder aside or delete it");
        }
        if (manifest.isEmpty()) {
            throw new BadInput(flag + ": " + dir + " has no "
                    + ResultFolder.MANIFEST + ", so it was not written by a tiebreak sweep; "
                    + (resume ? "nothing to resume" : "it is left as it is: give another --out"));
        }
        if (resume && !manifest.get().specHash().equals(sweep.specHash())) {
            throw new BadInput("--resume: " + dir + " was written by sweep '"
                    + manifest.get().sweep() + "' (" + manifest.get().source() + ", " + manifest.get().runs()
                    + " runs), not by this one (" + sweep.source() + " with these options, " + sweep.runCount()
                    + " runs, arithmetic version " + RunSpec.ARITHMETIC + ")");
        }
    }

    /** The output folder; for a local path, refuses a file in its place or a folder that cannot be written. */
    private String checkedOut(Sweep sweep) {
        String dir = out != null ? out : "out/" + sweep.name();
        if (dir.isBlank()) {
            throw new BadInput("--out: expected a folder, got an empty path");
        }
        if (isRemote(dir)) {
            return dir; // hdfs://, s3a://: checked once Spark's Hadoop configuration is there
        }
        Path path = Path.of(dir.startsWith("file:") ? dir.substring("file:".length()) : dir).toAbsolutePath();
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw new BadInput("--out: " + dir + " is a file, expected a folder");
        }
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw new BadInput("--out: " + dir + " cannot be written"
                    + (existing == null ? "" : " (" + existing + " is not a writable folder)"));
        }
        return dir;
    }

    private static boolean isRemote(String dir) {
        return dir.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*") && !dir.startsWith("file:");
    }

}
