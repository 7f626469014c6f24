package tiebreak.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;
import tiebreak.core.lanes.LaneTrainer;

/**
 * Runs the JMH suite (peak, kernel, perturbations, activations) in one invocation and prints one table: median of the
 * measurement iterations with min–max, and each figure as a ratio (to the peak, to the kernel). jobs/bench
 * passes the end-to-end sweep figures and the PyTorch and JAX peers' rates as {@code key=value} arguments so that
 * they land in the same table.
 *
 * <p>Arguments: {@code --iterations N} (measurement iterations, default 5), {@code --seconds S} (per
 * iteration, default 2), then any {@code sweep_runs_per_s_core=..., sweep_nontraining=..., heap_mb_task=..., fixed_cost=..., per_run_ms=...,
 * pytorch_loop=..., pytorch_batched=..., jax_vmap1=... to jax_vmap256=...} figures as {@code name=median:min:max}.
 */
public final class BenchSuite {
    private static final List<String> ROWS = new ArrayList<>();

    private BenchSuite() {
    }

    public static void main(String[] args) throws RunnerException {
        int iterations = 5;
        int seconds = 2;
        List<String> extra = new ArrayList<>();
        for (int k = 0; k < args.length; k++) {
            switch (args[k]) {
                case "--iterations" -> iterations = Integer.parseInt(args[++k]);
                case "--seconds" -> seconds = Integer.parseInt(args[++k]);
                default -> extra.add(args[k]);
            }
        }
        Statistics fma = run(options(iterations, seconds, "PeakBenchmark.fma")).get(0);
        Statistics mulAdd = run(options(iterations, seconds, "PeakBenchmark.mulAdd")).get(0);
        double flops = PeakBenchmark.flopsPerInvocation() / 1e9;
        double peak = fma.getPercentile(50) * flops;
        row("float64 peak, fused multiply-add", fma, flops, "GFLOP/s", "1.00 (the peak)");
        row("float64 peak, multiply then add", mulAdd, flops, "GFLOP/s",
                ratio(mulAdd.getPercentile(50) * flops / peak) + " of peak");
        Statistics lanes = run(options(iterations, seconds, "KernelBenchmark.lanes")).get(0);
        Statistics scalar = run(options(iterations, seconds, "KernelBenchmark.scalar")).get(0);
        double gflopPerRun = BenchmarkRun.FLOPS / 1e9;
        row("kernel, lanes×" + LaneTrainer.LANES + ", runs/s", lanes, 1, "runs/s", "");
        row("kernel, lanes×" + LaneTrainer.LANES + ", achieved", lanes, gflopPerRun, "GFLOP/s",
                ratio(lanes.getPercentile(50) * gflopPerRun / peak) + " of peak");
        row("kernel, scalar Trainer, runs/s", scalar, 1, "runs/s",
                ratio(scalar.getPercentile(50) / lanes.getPercentile(50)) + " of lanes");
        row("kernel, scalar Trainer, achieved", scalar, gflopPerRun, "GFLOP/s",
                ratio(scalar.getPercentile(50) * gflopPerRun / peak) + " of peak");
        double kernel = lanes.getPercentile(50);
        List<Statistics> perturbed = run(options(iterations, seconds, "PerturbationBenchmark.run")
                .param("perturbation", PerturbationBenchmark.PERTURBATIONS));
        double plain = perturbed.get(0).getPercentile(50);
        for (int k = 0; k < perturbed.size(); k++) {
            String name = PerturbationBenchmark.PERTURBATIONS[k];
            boolean inLanes = tiebreak.core.lanes.LaneBatch.key(PerturbationBenchmark.perturbed(
                    BenchmarkRun.runs(1).get(0), name)) != null;
            row("perturbation " + name + (inLanes ? " (lanes)" : " (scalar)"), perturbed.get(k), 1, "runs/s",
                    ratio(plain / perturbed.get(k).getPercentile(50)) + "× plain's time per run");
        }
        List<Statistics> scalarActs = run(options(iterations, seconds, "ActivationBenchmark.scalar")
                .param("activation", "tanh", "sigmoid", "relu", "gelu"));
        List<Statistics> laneActs = run(options(iterations, seconds, "ActivationBenchmark.lanes")
                .param("activation", "tanh", "sigmoid", "relu"));
        String[] names = {"tanh", "sigmoid", "relu", "gelu"};
        for (int k = 0; k < names.length; k++) {
            row(names[k] + ", scalar", scalarActs.get(k), 1, "ns/element", "");
            if (k < laneActs.size()) {
                row(names[k] + ", lanes", laneActs.get(k), 1, "ns/element",
                        ratio(scalarActs.get(k).getPercentile(50) / laneActs.get(k).getPercentile(50)) + "× faster");
            }
        }
        for (String figure : extra) {
            extraRow(figure, kernel);
        }
        print();
    }

    private static ChainedOptionsBuilder options(int iterations, int seconds, String include) {
        return new OptionsBuilder()
                .include("\\." + include.replace(".", "\\.") + "$")
                .forks(1)
                // the kernel's JVM options as jobs/ and Spark's executors get them (LaneMath.O: aligned lane vectors)
                .jvmArgsAppend("--add-modules=jdk.incubator.vector", "-XX:ObjectAlignmentInBytes=32", "-Xmx1g",
                        "-Dtiebreak.bench.config=" + System.getProperty("tiebreak.bench.config", "conf/bench.yaml"))
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(seconds))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(seconds))
                .threads(1)
                .shouldFailOnError(true);
    }

    /** Runs the benchmarks matched by the options; statistics in the order of their parameters. */
    private static List<Statistics> run(ChainedOptionsBuilder options) throws RunnerException {
        Collection<RunResult> results = new Runner(options.build()).run();
        List<Statistics> stats = new ArrayList<>();
        for (RunResult r : results) {
            stats.add(r.getPrimaryResult().getStatistics());
        }
        return stats;
    }

    private static void row(String what, Statistics s, double scale, String unit, String ratio) {
        ROWS.add(String.format(Locale.ROOT, "%-40s %12s %22s  %-10s %s", what, number(s.getPercentile(50) * scale),
                number(s.getMin() * scale) + "–" + number(s.getMax() * scale), unit, ratio));
    }

    /** A figure measured outside JMH: {@code name=median:min:max}. */
    private static void extraRow(String figure, double kernel) {
        String[] kv = figure.split("=", 2);
        String[] v = kv[1].split(":");
        double median = Double.parseDouble(v[0]);
        String range = v.length >= 3 ? number(Double.parseDouble(v[1])) + "–" + number(Double.parseDouble(v[2])) : "";
        String peer = "kernel is " + ratio(kernel / median) + "×";
        String[] row = switch (kv[0]) {       // what, unit, ratio
            case "sweep_runs_per_s_core" -> new String[] {"sweep conf/bench.yaml, per core", "runs/s",
                ratio(median / kernel) + " of kernel"};
            case "sweep_nontraining" -> new String[] {"sweep, wall time not training", "share", ""};
            case "sweep_wall" -> new String[] {"sweep, wall time", "s", ""};
            case "fixed_cost" -> new String[] {"sweep conf/bench-one.yaml (fixed cost)", "s", "target 6"};
            case "per_run_ms" -> new String[] {"per-run core time outside training", "ms", "target 0.1"};
            case "heap_mb_task" -> new String[] {"sweep, executor heap per task", "MB", ""};
            case "pytorch_loop" -> new String[] {"PyTorch per-run loop, 1 thread", "runs/s", peer};
            case "pytorch_batched" -> new String[] {"PyTorch batched, 1 thread", "runs/s", peer};
            case "jax_vmap1", "jax_vmap8", "jax_vmap64", "jax_vmap256" -> new String[] {
                "JAX jit(vmap) R=" + kv[0].substring("jax_vmap".length()) + ", 1 thread", "runs/s", peer};
            default -> new String[] {kv[0], "", ""};
        };
        ROWS.add(String.format(Locale.ROOT, "%-40s %12s %22s  %-10s %s", row[0], number(median), range, row[1], row[2]));
    }

    private static void print() {
        System.out.println();
        System.out.println(String.format(Locale.ROOT, "%-40s %12s %22s  %-10s %s", "measure", "median", "min–max",
                "unit", "ratio"));
        ROWS.forEach(System.out::println);
    }

    private static String number(double v) {
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : Math.abs(v) >= 1 ? "%.2f" : "%.3f", v);
    }

    private static String ratio(double r) {
        return String.format(Locale.ROOT, r >= 10 ? "%.0f" : "%.2f", r);
    }
}
