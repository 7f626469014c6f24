package tiebreak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees on the console, through the launcher's own run_java (jobs/common.sh) and a real JVM: an
 * error is one line on stderr, with no JVM warning before it and no Spark logging; Ctrl-C mid-sweep is one
 * line and exit 130.
 */
class ConsoleTest {
    static final Path ROOT = Path.of("").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void aBadSweepFile_isOneLine_withoutTheJvmsIncubatorWarning() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, SweepCommandTest.SWEEP.replace("steps: 200", "steps: .nan"));
        Run run = tiebreak(List.of("sweep", bad.toString(), "--out", dir.resolve("out").toString()), -1);
        assertEquals(2, run.exit, run.err);
        assertEquals(List.of("sweep: " + bad + ": steps: expected an integer >= 1, got NaN"), run.err.lines().toList());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void anUnreadableParquetFile_isOneLine_withoutSparkLogging() throws Exception {
        Path config = dir.resolve("tiny.yaml");
        Files.writeString(config, SweepCommandTest.SWEEP);
        Path out = dir.resolve("result");
        assertEquals(0, tiebreak(List.of("sweep", config.toString(), "--out", out.toString(), "--seeds", "1"), -1).exit);
        try (var files = Files.list(out.resolve("runs"))) {
            Path file = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
            Files.write(file, new byte[] {'P', 'A', 'R', '1', 0, 0});
        }
        Run run = tiebreak(List.of("query", out.toString(), "SELECT count(*) FROM runs"), -1);
        assertEquals(1, run.exit, run.err);
        assertEquals(1, run.err.lines().count(), run.err);
        assertTrue(run.err.startsWith("query: failed: ") && run.err.contains("FAILED_READ_FILE"), run.err);
    }

    @Test
    void ctrlC_midSweep_isOneLine_andExit130() throws Exception {
        Path config = dir.resolve("long.yaml");
        // Ten times SweepResumeTest's runs: after two progress lines thousands are left, so the signal cannot
        // arrive after the last one (600 runs once finished in the ~100 ms between the line and the kill).
        Files.writeString(config, SweepResumeTest.SWEEP.replace("seeds: 150", "seeds: 1500"));
        Run run = tiebreak(List.of("sweep", config.toString(), "--out", dir.resolve("long").toString(), "--chunk-runs", "50"),
                2);
        assertEquals(130, run.exit, run.err);
        List<String> lines = run.err.lines().filter(l -> !l.matches("runs \\d+/6000 .*")).toList();
        assertEquals(List.of("sweep: interrupted (SIGINT); the committed runs are kept: add --resume (--out "
                + dir.resolve("long") + ") to finish"), lines, run.err);
    }

    private record Run(int exit, String err) {
    }

    /**
     * tiebreak.cli.Main through run_java, the way jobs/tiebreak runs it; with {@code interruptAfterProgress} >= 0,
     * SIGINT to the launcher once that many progress lines are out.
     */
    private Run tiebreak(List<String> args, int interruptAfterProgress) throws Exception {
        Path err = dir.resolve("err-" + System.nanoTime() + ".txt");
        List<String> command = new ArrayList<>(List.of("bash", "-c", "set -euo pipefail; source \"$0\"; run_java \"$@\"",
                ROOT.resolve("jobs/common.sh").toString()));
        command.addAll(ChildDriver.opens());
        command.addAll(List.of("-Dlog4j2.configurationFile=" + ROOT.resolve("conf/log4j2.properties"),
                "-cp", System.getProperty("java.class.path"), "tiebreak.cli.Main"));
        command.addAll(args);
        command.addAll(args.get(0).equals("sweep") || args.get(0).equals("query") ? List.of("--master", "local[2]") : List.of());
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile()).start();
        if (interruptAfterProgress >= 0) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (p.isAlive() && System.nanoTime() < deadline
                    && Files.readString(err).lines().filter(l -> l.startsWith("runs ")).count() < interruptAfterProgress) {
                Thread.sleep(50);
            }
            assertTrue(p.isAlive(), "still sweeping when interrupted: " + Files.readString(err));
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        }
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "ended");
        return new Run(p.exitValue(), Files.readString(err));
    }
}
