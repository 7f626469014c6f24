package tiebreak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tiebreak.spark.RunsTable;
import tiebreak.spark.SharedSpark;

/** The sweep command end to end, in local mode. */
public class SweepCommandTest {
    static final String SWEEP = """
            name: tiny
            task: {name: teacher, d: 4, m: 2, n: 32}
            seeds: 4
            steps: 200
            grid:
              activation: [tanh, relu]
              tie_mode: [none, in, in+out]
              epsilon: [0, 1e-6]
            widths: [4, 6, 1]
            """;

    @TempDir
    Path dir;

    public record Result(int exit, String out, String err) {
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void sweep_writesRunsAndAConsistentSummary() throws Exception {
        Path config = dir.resolve("tiny.yaml");
        Files.writeString(config, SWEEP);
        String out = dir.resolve("result").toString();
        SparkSession spark = SharedSpark.session();

        Result result = run("sweep", config.toString(), "--out", out, "--master", SharedSpark.MASTER, "--partitions", "5");

        assertEquals(0, result.exit(), result.err());
        List<Row> runs = spark.read().parquet(out + "/runs").collectAsList();
        assertEquals(2 * 3 * 2 * 4, runs.size());
        assertEquals(List.of(RunsTable.SCHEMA.fieldNames()), List.of(spark.read().parquet(out + "/runs").columns()));
        // The mathematics, through the whole pipeline: in+out without epsilon stays tied, in diverges, none is a control.
        for (Row r : runs) {
            String mode = r.getAs("tie_mode");
            double epsilon = r.getAs("epsilon");
            String outcome = r.getAs("outcome");
            if (mode.equals("none")) {
                assertEquals("untied", outcome);
            } else if (mode.equals("in+out") && epsilon == 0) {
                assertEquals("tied", outcome);
            } else if (mode.equals("in")) {
                assertEquals("diverged", outcome);
            }
        }
        // Summary fractions equal the counts of the runs table, per condition.
        Map<String, int[]> counts = new HashMap<>();
        for (Row r : runs) {
            int[] c = counts.computeIfAbsent(condition(r), k -> new int[3]);
            c[0]++;
            c[1] += r.getAs("outcome").equals("tied") ? 1 : 0;
            c[2] += r.getAs("outcome").equals("diverged") ? 1 : 0;
        }
        List<Row> summary = spark.read().parquet(out + "/summary").collectAsList();
        assertEquals(12, summary.size());
        for (Row s : summary) {
            int[] c = counts.get(condition(s));
            assertEquals(c[0], s.<Long>getAs("n"));
            assertEquals((double) c[1] / c[0], s.<Double>getAs("frac_tied"), 1e-12);
            assertEquals((double) c[2] / c[0], s.<Double>getAs("frac_diverged"), 1e-12);
            assertTrue(s.<Double>getAs("tied_ci_low") <= s.<Double>getAs("frac_tied"));
            assertTrue(s.<Double>getAs("tied_ci_high") >= s.<Double>getAs("frac_tied"));
        }
        // Trajectories: one row per run and checkpoint; the first and last distances are the runs table's.
        List<Row> points = spark.read().parquet(out + "/trajectories").collectAsList();
        int checkpoints = tiebreak.core.train.CheckpointSchedule.logSpaced(200, 32).length;
        assertEquals(runs.size() * checkpoints, points.size());
        Map<String, Row> byRun = new HashMap<>();
        runs.forEach(r -> byRun.put(r.getAs("run_id"), r));
        for (Row p : points) {
            Row run = byRun.get(p.<String>getAs("run_id"));
            int step = p.getAs("step");
            if (step == 0) {
                assertEquals(run.<Double>getAs("dist_start"), p.<Double>getAs("dist"), 0.0);
            } else if (step == 200) {
                assertEquals(run.<Double>getAs("dist_end"), p.<Double>getAs("dist"), 0.0);
                assertEquals(run.<Double>getAs("final_loss"), p.<Double>getAs("loss"), 0.0);
            }
        }
        assertEquals(runs.size(), points.stream().filter(p -> p.<Integer>getAs("step") == 0).count());
        // The measures are written without a dictionary (their values rarely repeat), the run ids with one.
        Map<String, Boolean> dictionaries = trajectoryDictionaries(out + "/trajectories");
        for (String measure : RunsTable.TRAJECTORY_MEASURES) {
            assertFalse(dictionaries.get(measure), measure);
        }
        assertTrue(dictionaries.get("run_id"));
        assertTrue(dictionaries.get("step"));
        // The printed table has a header, a rule and a line per condition.
        assertTrue(result.out().contains("tie_mode"), result.out());
        assertEquals(12, result.out().lines().filter(l -> l.startsWith("tanh") || l.startsWith("relu")).count(), result.out());
    }

    @Test
    void trajectories_canBeSwitchedOff() throws Exception {
        Path config = dir.resolve("no-trajectories.yaml");
        Files.writeString(config, SWEEP + "trajectories: false\n");
        String out = dir.resolve("lean").toString();
        assertEquals(0, run("sweep", config.toString(), "--out", out, "--seeds", "1", "--master", SharedSpark.MASTER).exit());
        assertTrue(Files.isDirectory(Path.of(out, "runs")));
        assertFalse(Files.exists(Path.of(out, "trajectories")));
    }

    @Test
    void plan_countsRunsAndAxes_withoutSpark() throws Exception {
        Result plan = run("plan", "conf/seed-question.yaml");
        assertEquals(0, plan.exit(), plan.err());
        assertTrue(plan.out().contains("runs 9,600 = 48 conditions x 200 seeds"), plan.out());
        assertTrue(plan.out().contains("axis tie_mode        4: none, in, out, in+out"), plan.out());
        assertTrue(plan.out().matches("(?s).*time about \\d+ s on \\d+ cores: \\d+ core-seconds of training.*"), plan.out());
        Result bad = run("plan", "conf/seed-question.yaml", "--cores", "0");
        assertEquals(2, bad.exit());
    }

    private static String condition(Row r) {
        return r.getAs("activation") + "/" + r.getAs("tie_mode") + "/" + r.getAs("epsilon");
    }

    @Test
    void badInput_isOneLineExit2AndWritesNothing() throws Exception {
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, SWEEP);
        Path badActivation = dir.resolve("bad-activation.yaml");
        Files.writeString(badActivation, SWEEP.replace("[tanh, relu]", "[tanh, softsign]"));
        Path malformed = dir.resolve("malformed.yaml");
        Files.writeString(malformed, "name: [oops\n");
        Path overLimit = dir.resolve("over-limit.yaml");
        Files.writeString(overLimit, SWEEP + "max_runs: 40\n");
        Path aFile = dir.resolve("a-file");
        Files.writeString(aFile, "x");
        String out = dir.resolve("never").toString();

        List<List<String>> cases = List.of(
                List.of(dir.resolve("missing.yaml").toString(), "missing.yaml: no such file"),
                List.of(badActivation.toString(), "grid.activation[1]: unknown activation 'softsign'"),
                List.of(malformed.toString(), "malformed.yaml: malformed YAML"),
                List.of(good + " --seeds 0", "--seeds: expected a count >= 1"),
                List.of(good + " --partitions -2", "--partitions: expected a count >= 1"),
                List.of(good + " --seeds many", "--seeds"),
                List.of(good + " --colour", "Unknown option: '--colour'"),
                List.of(good + " --chunk-runs 0", "--chunk-runs: expected a count >= 1"),
                List.of(good + " --resume --overwrite", "--resume and --overwrite exclude each other"),
                List.of(overLimit + "", "grid: expands to 48 runs (12 conditions x 4 seeds), over max_runs = 40"),
                List.of(good + " --out /proc/tiebreak-cannot", "cannot be written"));
        for (List<String> c : cases) {
            String[] args = (c.get(0) + (c.get(0).contains("--out") ? "" : " --out " + out)
                    + " --master " + SharedSpark.MASTER).split(" ");
            String[] full = new String[args.length + 1];
            full[0] = "sweep";
            System.arraycopy(args, 0, full, 1, args.length);
            Result result = run(full);
            assertEquals(2, result.exit(), c.get(0) + ": " + result.err());
            assertEquals(1, result.err().strip().lines().count(), "one line: " + result.err());
            assertTrue(result.err().contains(c.get(1)), result.err());
            assertFalse(Files.exists(Path.of(out)), "nothing created under --out");
        }
        Result intoFile = run("sweep", good.toString(), "--out", aFile.toString());
        assertEquals(2, intoFile.exit());
        assertTrue(intoFile.err().contains("is a file, expected a folder"), intoFile.err());
    }

    /** Per trajectory column: whether any of its column chunks, in any file, has a dictionary page. */
    private static Map<String, Boolean> trajectoryDictionaries(String folder) throws java.io.IOException {
        Map<String, Boolean> dictionary = new HashMap<>();
        try (var files = Files.list(Path.of(folder))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".parquet")).toList()) {
                var input = org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(
                        new org.apache.hadoop.fs.Path(file.toString()), new org.apache.hadoop.conf.Configuration());
                try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(input)) {
                    for (var block : reader.getFooter().getBlocks()) {
                        for (var chunk : block.getColumns()) {
                            dictionary.merge(chunk.getPath().toDotString(), chunk.hasDictionaryPage(), Boolean::logicalOr);
                        }
                    }
                }
            }
        }
        assertEquals(RunsTable.TRAJECTORY_SCHEMA.size(), dictionary.size(), dictionary.toString());
        return dictionary;
    }
}
