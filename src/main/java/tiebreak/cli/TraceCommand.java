package tiebreak.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;
import tiebreak.core.spec.Keys;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.tie.RunResult;
import tiebreak.spark.RunsTable;
import tiebreak.spark.Sessions;
import tiebreak.sweep.ConfigException;
import tiebreak.sweep.Sweep;
import tiebreak.sweep.SweepFile;
import tiebreak.trace.RunTrace;

/** {@code trace DIR RUN_ID} or {@code trace CONFIG --index K}: one run as a replayable JSON file. */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = "Writes one run as JSON (spec, data, initial parameters, every checkpoint) for replay elsewhere: "
                + "a run of a result folder by its run_id, or run K of a sweep file.")
public final class TraceCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR|CONFIG", description = "A result folder, or a sweep file with --index.")
    Path target;

    @Parameters(index = "1", paramLabel = "RUN_ID", arity = "0..1", description = "The run's id (with a result folder).")
    String runId;

    @Option(names = "--index", paramLabel = "K", description = "With a sweep file: its K-th run (0-based, grid order).")
    Integer index;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write. Default: trace-<run_id>.json.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, ConfigException {
        if (!Files.exists(target)) {
            throw new BadInput(target + ": no such file or folder (expected a result folder with a RUN_ID, or a sweep "
                    + "file with --index)");
        }
        RunSpec run = Files.isDirectory(target) ? fromFolder() : fromSweepFile();
        Path file = out != null ? out : Path.of("trace-" + run.runId() + ".json");
        RunResult result = RunTrace.write(run, file);
        spec.commandLine().getOut().printf("trace of run %s (%s, %d checkpoints) -> %s%n", run.runId(),
                result.outcome().label(), result.checkpoints().size(), file);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private RunSpec fromFolder() {
        if (runId == null || index != null) {
            throw new BadInput("with a result folder give a RUN_ID, not --index");
        }
        Path runs = target.resolve("runs");
        if (!Files.isDirectory(runs)) {
            throw new BadInput(target + ": no runs table here");
        }
        SparkSession spark = Sessions.create(null, "tiebreak trace");
        List<Row> rows = spark.read().parquet(runs.toString()).where(
                org.apache.spark.sql.functions.col(Keys.RUN_ID).equalTo(runId)).collectAsList();
        if (rows.isEmpty()) {
            throw new BadInput("RUN_ID: no run " + runId + " in " + runs);
        }
        return RunsTable.fromRow(rows.get(0));
    }

    private RunSpec fromSweepFile() throws ConfigException {
        if (index == null || runId != null) {
            throw new BadInput("with a sweep file give --index K, not a RUN_ID");
        }
        Sweep sweep = SweepFile.read(target);
        if (index < 0 || index >= sweep.runCount()) {
            throw new BadInput("--index: expected 0.." + (sweep.runCount() - 1) + ", got " + index);
        }
        return sweep.run(index);
    }
}
