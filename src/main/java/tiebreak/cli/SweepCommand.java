package tiebreak.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tiebreak.core.RunSpec;
import tiebreak.spark.Sessions;
import tiebreak.spark.SummaryTable;
import tiebreak.spark.SweepJob;
import tiebreak.sweep.ConfigException;
import tiebreak.sweep.Sweep;
import tiebreak.sweep.SweepFile;

/** {@code sweep CONFIG}: runs a sweep file on Spark and prints its summary. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Runs every run of a sweep file on Spark, writes the Parquet tables <out>/runs and "
                + "<out>/summary, and prints the summary.")
public final class SweepCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "The sweep file (YAML), e.g. conf/seed-question.yaml.")
    Path config;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Result folder; its runs and summary tables are replaced. Default: out/<sweep name>.")
    String out;

    @Option(names = "--seeds", paramLabel = "N",
            description = "Keep only the first N init seeds of the sweep file (for a quick look).")
    Integer seeds;

    @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]",
            description = "Spark master URL. Default: ${DEFAULT-VALUE} (every core of this machine).")
    String master;

    @Option(names = "--partitions", paramLabel = "P",
            description = "Number of Spark partitions (tasks). Default: about 100 runs per task, 4 to 32 tasks per core.")
    Integer partitions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        Sweep sweep;
        String outDir;
        try {
            sweep = readSweep();
            outDir = checkedOut(sweep);
        } catch (ConfigException | CommandLine.ParameterException e) {
            err.println("sweep: " + e.getMessage());
            err.flush();
            return Main.BAD_INPUT;
        }
        List<RunSpec> runs = sweep.runs();
        stdout.printf("sweep %s: %d runs (%d conditions x %d seeds) -> %s%n",
                sweep.name(), runs.size(), runs.size() / sweep.seeds().size(), sweep.seeds().size(), outDir);
        stdout.flush();

        long start = System.nanoTime();
        SparkSession spark = Sessions.create(master, "tiebreak sweep " + sweep.name());
        int tasks = partitions != null ? partitions
                : SweepJob.defaultPartitions(runs.size(), spark.sparkContext().defaultParallelism());
        long written = SweepJob.run(spark, runs, outDir, tasks, System.err, System.console() != null);
        if (written != runs.size()) {
            err.println("sweep: wrote " + written + " rows for " + runs.size() + " runs");
            err.flush();
            return 1;
        }
        Dataset<Row> summary = SummaryTable.write(spark, outDir);
        stdout.print(SummaryPrinter.render(summary.collectAsList(), sweep));
        stdout.printf(Locale.ROOT, "%d runs in %.1f s; tables: %s/runs, %s/summary%n",
                written, (System.nanoTime() - start) / 1e9, outDir, outDir);
        stdout.flush();
        return 0;
    }

    private Sweep readSweep() throws ConfigException {
        if (seeds != null && seeds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--seeds: expected a count >= 1, got " + seeds);
        }
        if (partitions != null && partitions < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--partitions: expected a count >= 1, got " + partitions);
        }
        Sweep sweep = SweepFile.read(config);
        return seeds == null ? sweep : sweep.withFirstSeeds(seeds);
    }

    /** The output folder; for a local path, refuses a file in its place or a folder that cannot be written. */
    private String checkedOut(Sweep sweep) {
        String dir = out != null ? out : "out/" + sweep.name();
        if (dir.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out: expected a folder, got an empty path");
        }
        if (dir.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*") && !dir.startsWith("file:")) {
            return dir; // hdfs://, s3a://: Spark checks those when it writes
        }
        Path path = Path.of(dir.startsWith("file:") ? dir.substring("file:".length()) : dir).toAbsolutePath();
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out: " + dir + " is a file, expected a folder");
        }
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out: " + dir + " cannot be written"
                    + (existing == null ? "" : " (" + existing + " is not a writable folder)"));
        }
        return dir;
    }
}
