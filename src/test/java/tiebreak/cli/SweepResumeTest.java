package tiebreak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import tiebreak.core.train.FaultInjection;
import tiebreak.spark.ResultFolder;
import tiebreak.spark.SharedSpark;

/** Crash-safe output: a killed driver, then --resume, gives the uninterrupted table; no run twice, none lost. */
class SweepResumeTest {
    static final String SWEEP = """
            name: resumable
            task: {name: teacher, d: 4, m: 3, n: 64}
            seeds: 150
            steps: 1500
            widths: [4, 16, 1]
            grid:
              activation: [tanh, relu]
              tie_mode: [in, in+out]
            """;

    @TempDir
    Path dir;

    @Test
    void killedDriver_thenResume_givesTheUninterruptedTable_withoutRecomputing() throws Exception {
        Path config = dir.resolve("resumable.yaml");
        Files.writeString(config, SWEEP);
        Path killed = dir.resolve("killed");

        // A driver in its own JVM, killed (SIGKILL) once some chunks are committed.
        Process driver = childSweep(config, killed, dir.resolve("child.log"));
        ResultFolder folder = ResultFolder.at(killed.toString(), new org.apache.hadoop.conf.Configuration());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (folder.committedFiles() < 6 && driver.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(driver.isAlive(), "the sweep must still be running when killed: " + Files.readString(dir.resolve("child.log")));
        // the folder is the child's while it runs: a second sweep into it is refused and changes nothing
        List<Path> before = parquet(killed.resolve("runs"));   // the files the child has committed so far
        for (String flag : List.of("--resume", "--overwrite")) {
            SweepCommandTest.Result second = SweepCommandTest.run("sweep", config.toString(), "--out", killed.toString(),
                    flag, "--master", SharedSpark.MASTER);
            assertEquals(2, second.exit(), second.err());
            assertEquals(1, second.err().strip().lines().count(), second.err());
            assertTrue(second.err().contains("is being written by another sweep (" + driver.pid() + "@"), second.err());
        }
        assertTrue(parquet(killed.resolve("runs")).containsAll(before), "the refused sweeps deleted nothing the child had committed");
        driver.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        SparkSession spark = SharedSpark.session();
        long committedAtKill = spark.read().parquet(killed.resolve("runs").toString()).count();
        assertTrue(committedAtKill > 0 && committedAtKill < 600, "killed mid-sweep: " + committedAtKill);

        SweepCommandTest.Result resumed = SweepCommandTest.run("sweep", config.toString(), "--out", killed.toString(),
                "--resume", "--master", SharedSpark.MASTER, "--chunk-runs", "50");
        assertEquals(0, resumed.exit(), resumed.err());
        Matcher m = Pattern.compile("resuming: (\\d+) runs already committed, (\\d+) to run").matcher(resumed.out());
        assertTrue(m.find(), resumed.out());
        long already = Long.parseLong(m.group(1));
        long toRun = Long.parseLong(m.group(2));
        Matcher trained = Pattern.compile("600 runs \\((\\d+) trained now\\)").matcher(resumed.out());
        assertTrue(trained.find(), resumed.out());
        assertTrue(already >= committedAtKill, "every committed run kept: " + already + " >= " + committedAtKill);
        assertEquals(600, already + toRun);
        assertEquals(toRun, Long.parseLong(trained.group(1)), "only the missing runs were trained");

        Path whole = dir.resolve("whole");
        SweepCommandTest.Result uninterrupted = SweepCommandTest.run("sweep", config.toString(), "--out", whole.toString(),
                "--master", SharedSpark.MASTER);
        assertEquals(0, uninterrupted.exit(), uninterrupted.err());
        assertEquals(table(spark, whole), table(spark, killed), "identical but for wall_ms, each run once");
    }

    @Test
    void resumeIntoAnotherSweepsFolder_isRefused_andNonEmptyNeedsAFlag() throws Exception {
        Path config = dir.resolve("small.yaml");
        Files.writeString(config, SweepCommandTest.SWEEP);
        Path out = dir.resolve("out");
        assertEquals(0, SweepCommandTest.run("sweep", config.toString(), "--out", out.toString(), "--seeds", "1",
                "--master", SharedSpark.MASTER).exit());

        SweepCommandTest.Result again = SweepCommandTest.run("sweep", config.toString(), "--out", out.toString(), "--seeds", "1");
        assertEquals(2, again.exit());
        assertTrue(again.err().contains("is not empty; add --resume"), again.err());

        SweepCommandTest.Result other = SweepCommandTest.run("sweep", config.toString(), "--out", out.toString(),
                "--seeds", "2", "--resume");
        assertEquals(2, other.exit());
        assertTrue(other.err().contains("was written by sweep 'tiny'"), other.err());
        assertEquals(1, other.err().strip().lines().count());

        SweepCommandTest.Result sameDone = SweepCommandTest.run("sweep", config.toString(), "--out", out.toString(),
                "--seeds", "1", "--resume", "--master", SharedSpark.MASTER);
        assertEquals(0, sameDone.exit(), sameDone.err());
        assertTrue(sameDone.out().contains("12 runs already committed, 0 to run"), sameDone.out());

        SweepCommandTest.Result replaced = SweepCommandTest.run("sweep", config.toString(), "--out", out.toString(),
                "--seeds", "2", "--overwrite", "--master", SharedSpark.MASTER);
        assertEquals(0, replaced.exit(), replaced.err());
        assertEquals(24, SharedSpark.session().read().parquet(out.resolve("runs").toString()).count());
    }

    /** --overwrite and --resume touch only a folder with tiebreak's sweep.json; a user's folder stays as it is. */
    @Test
    void overwriteOrResume_inAFolderTiebreakDidNotWrite_isRefused_andChangesNothing() throws Exception {
        Path config = dir.resolve("small.yaml");
        Files.writeString(config, SweepCommandTest.SWEEP);
        Path mine = dir.resolve("mine");
        Files.createDirectories(mine.resolve("runs"));
        Files.writeString(mine.resolve("runs/notes.txt"), "my own runs");
        Files.createDirectories(mine.resolve("summary"));
        List<String> before = listing(mine);
        for (String flag : List.of("--overwrite", "--resume")) {
            SweepCommandTest.Result r = SweepCommandTest.run("sweep", config.toString(), "--out", mine.toString(), flag);
            assertEquals(2, r.exit(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains(flag + ": " + mine + " has no sweep.json, so it was not written by a tiebreak sweep"), r.err());
        }
        assertEquals(before, listing(mine), "not even a lock file");
        Files.writeString(mine.resolve("sweep.json"), "{not json");
        SweepCommandTest.Result corrupt = SweepCommandTest.run("sweep", config.toString(), "--out", mine.toString(), "--overwrite");
        assertEquals(2, corrupt.exit());
        assertTrue(corrupt.err().contains("sweep.json is unreadable"), corrupt.err());
        assertTrue(Files.exists(mine.resolve("runs/notes.txt")));
    }

    @Test
    void throwingAndNonFiniteRuns_areRecorded_andTheSweepGoesOn() throws Exception {
        Path config = dir.resolve("faults.yaml");
        Files.writeString(config, """
                name: faults
                task: {name: teacher, d: 4, m: 2, n: 32}
                seeds: 3
                steps: 100
                widths: [4, 6, 1]
                grid:
                  lr: [0.05, 1.0e6]
                """);
        Path out = dir.resolve("faults");
        System.setProperty(FaultInjection.PROPERTY, "1");
        SweepCommandTest.Result result;
        try {
            result = SweepCommandTest.run("sweep", config.toString(), "--out", out.toString(), "--master", SharedSpark.MASTER);
        } finally {
            System.clearProperty(FaultInjection.PROPERTY);
        }
        assertEquals(0, result.exit(), result.err());
        List<Row> runs = SharedSpark.session().read().parquet(out.resolve("runs").toString()).orderBy("lr", "init_seed")
                .collectAsList();
        assertEquals(6, runs.size());
        List<String> outcomes = runs.stream().map(r -> r.<String>getAs("outcome")).toList();
        assertEquals(List.of("tied", "failed", "tied", "nonfinite", "failed", "nonfinite"), outcomes);
        assertEquals("IllegalStateException: injected fault for init seed 1", runs.get(1).getAs("error"));
        assertTrue(runs.get(1).isNullAt(runs.get(1).fieldIndex("final_loss")));
        // a failed run has no trajectory rows, and its chunk is whole all the same
        SweepCommandTest.Result resumed = SweepCommandTest.run("sweep", config.toString(), "--out", out.toString(),
                "--resume", "--master", SharedSpark.MASTER);
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(resumed.out().contains("resuming: 6 runs already committed, 0 to run"), resumed.out());
        assertFalse(resumed.out().contains("set aside"), resumed.out());
    }

    /** A finished sweep's folder; then one chunk's runs file truncated, one chunk's trajectories file truncated,
     *  one chunk's runs file deleted: --resume sets each chunk aside with a line, trains its runs again, and ends
     *  with the table of an untouched sweep and no (run_id, step) twice. */
    @Test
    void resume_setsAsideChunksWithDamagedOrMissingFiles_andTrainsTheirRunsAgain() throws Exception {
        Path config = smallSweep();
        Path out = finishedInChunksOf12(config, "damaged");
        SparkSession spark = SharedSpark.session();
        List<Row> whole = table(spark, out);
        List<Path> runs = parquet(out.resolve("runs"));
        List<Path> points = parquet(out.resolve("trajectories"));
        assertEquals(4, runs.stream().map(SweepResumeTest::chunk).distinct().count(), "48 runs in chunks of 12");
        truncate(runs.get(0));
        Path otherChunk = points.stream().filter(p -> !chunk(p).equals(chunk(runs.get(0)))).findFirst().orElseThrow();
        truncate(otherChunk);
        Path third = runs.stream().filter(p -> !chunk(p).equals(chunk(runs.get(0))) && !chunk(p).equals(chunk(otherChunk)))
                .findFirst().orElseThrow();
        for (Path file : runs) {
            if (chunk(file).equals(chunk(third))) {
                Files.delete(file);      // the issue's case: a runs file removed by hand, its trajectories left
            }
        }

        SweepCommandTest.Result resumed = SweepCommandTest.run("sweep", config.toString(), "--out", out.toString(),
                "--resume", "--master", SharedSpark.MASTER);
        assertEquals(0, resumed.exit(), resumed.err());
        List<String> notes = resumed.out().lines().filter(l -> l.startsWith("resume: set aside chunk")).toList();
        assertEquals(3, notes.size(), resumed.out());
        assertTrue(notes.stream().anyMatch(l -> l.contains(chunk(runs.get(0)) + " (runs/") && l.contains("is unreadable")), notes.toString());
        assertTrue(notes.stream().anyMatch(l -> l.contains(chunk(otherChunk) + " (trajectories/") && l.contains("is unreadable")), notes.toString());
        assertTrue(notes.stream().anyMatch(l -> l.contains(chunk(third) + " (trajectories without their runs file)")), notes.toString());
        assertTrue(resumed.out().contains("resuming: 12 runs already committed, 36 to run"), resumed.out());
        assertEquals(whole, table(spark, out));
        Row keys = spark.read().parquet(out.resolve("trajectories").toString())
                .selectExpr("count(*)", "count(DISTINCT run_id, step)", "count(DISTINCT run_id)").first();
        assertEquals(keys.getLong(1), keys.getLong(0), "no (run_id, step) twice");
        assertEquals(48, keys.getLong(2));
        assertTrue(Files.isDirectory(out.resolve("_rejected/runs")), "the damaged files kept aside, not deleted");
    }

    /** A chunk's files copied under another chunk's name (as a promote repeated by hand would leave them):
     *  --resume keeps the first chunk in name order, sets the copy aside, and no run is counted twice. */
    @Test
    void resume_setsAsideAChunkWhoseRunsAnotherChunkHolds() throws Exception {
        Path config = smallSweep();
        Path out = finishedInChunksOf12(config, "copied");
        SparkSession spark = SharedSpark.session();
        List<Row> whole = table(spark, out);
        String copied = chunk(parquet(out.resolve("runs")).get(1));
        String copy = "chunk-ffffffff-ffff-ffff-ffff-ffffffffffff";
        for (String table : List.of("runs", "trajectories")) {
            for (Path file : parquet(out.resolve(table))) {
                if (chunk(file).equals(copied)) {
                    Files.copy(file, file.resolveSibling(file.getFileName().toString().replace(copied, copy)));
                }
            }
        }
        SweepCommandTest.Result resumed = SweepCommandTest.run("sweep", config.toString(), "--out", out.toString(),
                "--resume", "--master", SharedSpark.MASTER);
        assertEquals(0, resumed.exit(), resumed.err());
        List<String> notes = resumed.out().lines().filter(l -> l.startsWith("resume: set aside chunk")).toList();
        assertEquals(1, notes.size(), resumed.out());
        assertTrue(notes.get(0).contains(copy) && notes.get(0).contains("is already in another chunk"), notes.toString());
        assertTrue(resumed.out().contains("resuming: 48 runs already committed, 0 to run"), resumed.out());
        assertEquals(whole, table(spark, out));
    }

    private Path smallSweep() throws java.io.IOException {
        Path config = dir.resolve("small.yaml");
        Files.writeString(config, SweepCommandTest.SWEEP);
        return config;
    }

    /** A finished sweep of 48 runs in 4 chunks of 12. */
    private Path finishedInChunksOf12(Path config, String name) throws Exception {
        Path out = dir.resolve(name);
        assertEquals(0, SweepCommandTest.run("sweep", config.toString(), "--out", out.toString(), "--master",
                SharedSpark.MASTER, "--chunk-runs", "12").exit());
        return out;
    }

    private static String chunk(Path file) {
        return file.getFileName().toString().substring(0, "chunk-".length() + 36);
    }

    private static List<Path> parquet(Path folder) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".parquet")).sorted().toList();
        }
    }

    private static void truncate(Path file) throws java.io.IOException {
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
    }

    private static List<String> listing(Path folder) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(folder)) {
            return files.map(Path::toString).sorted().toList();
        }
    }

    static List<Row> table(SparkSession spark, Path out) {
        return spark.read().parquet(out.resolve("runs").toString()).drop("wall_ms").orderBy("run_id").collectAsList();
    }

    private static Process childSweep(Path config, Path out, Path log) throws Exception {
        return ChildDriver.start(List.of(), List.of("sweep", config.toString(), "--out", out.toString(),
                "--master", "local[2]", "--chunk-runs", "50"), log);
    }
}
