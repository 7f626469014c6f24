package tiebreak.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;
import tiebreak.core.plan.WorkEstimate;
import tiebreak.sweep.ConfigException;
import tiebreak.sweep.Sweep;
import tiebreak.sweep.SweepFile;

/** {@code plan CONFIG}: what a sweep would run and about how long it would take, without starting Spark. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Prints the number of runs, the axes and their sizes, and an estimate of the work and time, "
                + "without starting Spark.")
public final class PlanCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "The sweep file (YAML).")
    Path config;

    @CommandLine.Mixin
    SeedsOption seeds;

    @Option(names = "--cores", paramLabel = "C", defaultValue = "2",
            description = "Cores to spread the work over in the time estimate. Default: ${DEFAULT-VALUE}.")
    int cores;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws ConfigException {
        PrintWriter out = spec.commandLine().getOut();
        seeds.check();
        if (cores < 1) {
            throw new BadInput("--cores: expected a count >= 1, got " + cores);
        }
        Sweep sweep = seeds.applyTo(SweepFile.read(config));
        printGrid(out, sweep);
        WorkEstimate[] total = {new WorkEstimate(0, 0, 0, 0)};
        // a run's estimate does not depend on its seed: one a condition, times the seeds
        for (long c = 0; c < sweep.conditionCount(); c++) {
            total[0] = total[0].plus(WorkEstimate.of(sweep.conditionRun(c)).times(sweep.seeds().size()));
        }
        long runs = sweep.runCount();
        out.printf(Locale.ROOT, "runs %,d = %,d conditions x %,d seeds%n", runs, runs / sweep.seeds().size(),
                sweep.seeds().size());
        out.printf(Locale.ROOT, "work %.3g FLOP in products and updates, %.3g activation evaluations, %.3g normal deviates%n",
                total[0].flops(), total[0].activations(), total[0].deviates());
        double wall = WorkEstimate.sweepSeconds(total[0].seconds(), runs, cores);
        out.printf(Locale.ROOT, "time about %.0f s on %d cores: %.0f core-seconds of training, %.0f of the JIT's warm-up, "
                + "%.0f of per-run overhead (rows, files), %.1f s of Spark start, planning and summary (%s kernel)%n", wall,
                cores, total[0].seconds(), WorkEstimate.warmupSeconds(total[0].seconds()), runs * WorkEstimate.PER_RUN_SECONDS,
                WorkEstimate.FIXED_SECONDS, tiebreak.core.lanes.LaneBatch.describe());
        out.flush();
        return 0;
    }

    /** The sweep's name, task, axes and seeds. */
    private static void printGrid(PrintWriter out, Sweep sweep) {
        out.printf(Locale.ROOT, "sweep %s (%s)%n", sweep.name(), sweep.source());
        if (!sweep.description().isEmpty()) {
            out.println("  " + sweep.description());
        }
        out.printf(Locale.ROOT, "task %s(%s)%n", sweep.task().name(), sweep.task().params());
        for (Sweep.Axis axis : sweep.axes()) {
            out.printf(Locale.ROOT, "axis %-13s %3d: %s%n", axis.key(), axis.values().size(), String.join(", ", axis.values()));
        }
        out.printf(Locale.ROOT, "seeds %d (%d..%d)%n", sweep.seeds().size(), sweep.seeds().get(0),
                sweep.seeds().get(sweep.seeds().size() - 1));
    }
}
