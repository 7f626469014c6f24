package tiebreak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tiebreak.spark.ResultFolder;
import tiebreak.spark.SharedSpark;

/**
 * The driver's memory does not grow with the sweep: a local-mode JVM of 256 MB (driver and executor in
 * one heap) plans a 10,000,000-run sweep and trains its first chunks, and trains 1,000,000 one-step runs,
 * killed and resumed, with every run once. Spark refuses a heap under 450 MB (1.5 × the 300 MB it reserves
 * for itself); its test setting {@code spark.testing.reservedMemory} lowers that reserve to 64 MB, so that the
 * 256 MB are ours to prove.
 */
class DriverMemoryTest {
    private static final List<String> HEAP = List.of("-Xmx256m", "-Dspark.testing.reservedMemory=67108864");

    @TempDir
    Path dir;

    /** One-step runs of a tiny net, {@code conditions} learning rates × {@code seeds} seeds. */
    private Path oneStepSweep(String name, int conditions, int seeds) throws Exception {
        StringBuilder lrs = new StringBuilder();
        for (int i = 0; i < conditions; i++) {
            lrs.append(i == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%.4f", 0.01 + 1e-4 * i));
        }
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, "name: " + name + "\ntask: {name: teacher, d: 4, m: 3, n: 16}\nseeds: " + seeds
                + "\nwidths: [4, 3, 1]\nsteps: 1\ncheckpoints: 2\ntrajectories: false\ngrid:\n  lr: [" + lrs + "]\n");
        return file;
    }

    /** A sweep started in a 256 MB child JVM, and what it writes where. */
    private record Started(Path config, Path out, Path log, Process driver) {
    }

    /** Starts a one-step sweep of {@code conditions} × {@code seeds} runs into its own folder. */
    private Started start(String name, int conditions, int seeds) throws Exception {
        Path config = oneStepSweep(name, conditions, seeds);
        Path out = dir.resolve(name);
        Path log = dir.resolve(name + ".log");
        return new Started(config, out, log, sweep(config, out, log));
    }

    private static Process sweep(Path config, Path out, Path log, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("sweep", config.toString(), "--out", out.toString(),
                "--master", "local[2]"));
        args.addAll(List.of(more));
        return ChildDriver.start(HEAP, args, log);
    }

    /** Waits until the folder holds at least {@code files} committed files, or the driver ends. */
    private static void awaitCommitted(Process driver, Path out, int files, Path log) throws Exception {
        ResultFolder folder = ResultFolder.at(out.toString(), new org.apache.hadoop.conf.Configuration());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (driver.isAlive() && System.nanoTime() < deadline && (!Files.isDirectory(out) || folder.committedFiles() < files)) {
            Thread.sleep(100);
        }
        assertTrue(driver.isAlive(), "the sweep must still be running: " + Files.readString(log));
    }

    @Test
    void tenMillionRunSweep_isPlannedAndStartedIn256MB() throws Exception {
        Started sweep = start("ten-million", 100, 100_000);
        try {
            // the spec hash over every run and the work over every condition come before the first chunk; that
            // chunk's 16 files (50,000 runs in 16 tasks on 2 cores) mean those fitted, and its training too
            awaitCommitted(sweep.driver(), sweep.out(), 16, sweep.log());
            assertTrue(Files.readString(sweep.log()).contains("ten-million: 10000000 runs (100 conditions x 100000 seeds)"),
                    Files.readString(sweep.log()));
        } finally {
            sweep.driver().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void millionOneStepRuns_killedAndResumedIn256MB_loseAndDuplicateNothing() throws Exception {
        Started killed = start("million", 10, 100_000);
        Path config = killed.config();
        Path out = killed.out();
        awaitCommitted(killed.driver(), out, 24, killed.log());   // a chunk and a half of 16 files each
        killed.driver().destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        Path resumedLog = dir.resolve("resumed.log");
        Process resumed = sweep(config, out, resumedLog, "--resume");
        assertTrue(resumed.waitFor(300, TimeUnit.SECONDS), "resume within 5 min");
        String said = Files.readString(resumedLog);
        assertEquals(0, resumed.exitValue(), said);
        Matcher m = Pattern.compile("resuming: (\\d+) runs already committed, (\\d+) to run").matcher(said);
        assertTrue(m.find(), said);
        long already = Long.parseLong(m.group(1));
        assertTrue(already > 0 && already < 1_000_000, "killed mid-sweep: " + already);
        assertEquals(1_000_000, already + Long.parseLong(m.group(2)));
        assertTrue(said.contains("1000000 runs (" + m.group(2) + " trained now)"), said);

        SparkSession spark = SharedSpark.session();
        Row counts = spark.read().parquet(out.resolve("runs").toString())
                .selectExpr("count(*)", "count(DISTINCT run_id)", "count(DISTINCT lr, init_seed)").first();
        assertEquals(List.of(1_000_000L, 1_000_000L, 1_000_000L), List.of(counts.getLong(0), counts.getLong(1), counts.getLong(2)),
                "every run once");
    }
}
