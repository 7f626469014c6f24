package tiebreak.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.train.Trainer;
import tiebreak.sweep.ConfigException;
import tiebreak.sweep.Sweep;
import tiebreak.sweep.SweepFile;

/**
 * {@code bench CONFIG}: the single-thread training time of one run per condition of a sweep file with the
 * scalar {@link Trainer} (one run at a time, as perturbations the lanes do not cover are trained), without
 * Spark. Each condition's first seed is trained {@code --warmup} times, then timed {@code --repeat} times;
 * the table shows the median and the range.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Times one run per condition of a sweep file on one thread with the scalar Trainer, without Spark "
                + "(median of repeats); jobs/bench measures the lane kernel.")
public final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "The sweep file (YAML).")
    Path config;

    @Option(names = "--repeat", paramLabel = "R", defaultValue = "7", description = "Timed repetitions per condition. Default: ${DEFAULT-VALUE}.")
    int repeat;

    @Option(names = "--warmup", paramLabel = "W", defaultValue = "5", description = "Untimed runs per condition first. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws ConfigException {
        PrintWriter out = spec.commandLine().getOut();
        if (repeat < 1 || warmup < 0) {
            throw new BadInput("--repeat must be >= 1 and --warmup >= 0");
        }
        Sweep sweep = SweepFile.read(config).withFirstSeeds(1);
        List<String> axes = sweep.axes().stream().map(Sweep.Axis::key).toList();
        List<String> headers = new ArrayList<>(axes);
        headers.addAll(List.of("median ms/run", "min ms", "max ms", "runs/s"));
        TablePrinter table = new TablePrinter(headers);
        Trainer trainer = new Trainer();
        for (RunSpec run : sweep.runs()) {
            double[] ms = timesMs(trainer, run);
            double median = ms[repeat / 2];
            List<String> cells = new ArrayList<>();
            for (String axis : axes) {
                cells.add(Sweep.axisValue(run, axis));
            }
            cells.add(String.format(Locale.ROOT, "%.2f", median));
            cells.add(String.format(Locale.ROOT, "%.2f", ms[0]));
            cells.add(String.format(Locale.ROOT, "%.2f", ms[repeat - 1]));
            cells.add(String.format(Locale.ROOT, "%.1f", 1000 / median));
            table.add(cells);
        }
        out.print(table.render());
        out.flush();
        return 0;
    }

    /** The run's training times after the warm-up, sorted. */
    private double[] timesMs(Trainer trainer, RunSpec run) {
        for (int w = 0; w < warmup; w++) {
            trainer.run(run);
        }
        double[] ms = new double[repeat];
        for (int r = 0; r < repeat; r++) {
            long start = System.nanoTime();
            trainer.run(run);
            ms[r] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }
}
