package tiebreak.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import tiebreak.core.lanes.LaneBatch;
import tiebreak.core.lanes.FloatLaneTrainer;
import tiebreak.core.lanes.LaneTrainer;
import tiebreak.core.net.Activation;
import tiebreak.core.spec.OptimizerSpec;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.TaskSpec;
import tiebreak.core.spec.Training;
import tiebreak.core.tie.RunResult;
import tiebreak.core.train.Trainer;

/**
 * The benchmark run under each perturbation, in runs per second on one thread: through the lane kernel where
 * it takes the run, else through the scalar Trainer, so that each row is what a sweep of that perturbation
 * pays per run. BenchSuite divides each by the plain run's rate.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PerturbationBenchmark {
    /** The perturbations, in the order of BenchSuite's rows (the @Param below must list them too: annotations take literals). */
    static final String[] PERTURBATIONS = {"plain", "minibatch_32", "adam", "weight_decay", "lr_jitter",
        "dropout", "grad_noise", "input_noise", "label_noise", "sequential", "finite_difference", "cross_entropy",
        "float32", "gelu", "split_hessian"};

    @Param({"plain", "minibatch_32", "adam", "weight_decay", "lr_jitter", "dropout", "grad_noise", "input_noise",
        "label_noise", "sequential", "finite_difference", "cross_entropy", "float32", "gelu", "split_hessian"})
    public String perturbation;

    private List<RunSpec> runs;
    private boolean lanes;
    private final LaneTrainer laneTrainer = new LaneTrainer();
    private final FloatLaneTrainer floatLaneTrainer = new FloatLaneTrainer();
    private final Trainer scalar = new Trainer();

    @Setup
    public void setUp() {
        runs = new ArrayList<>();
        for (RunSpec run : BenchmarkRun.runs(KernelBenchmark.RUNS)) {
            runs.add(perturbed(run, perturbation));
        }
        lanes = LaneBatch.key(runs.get(0)) != null;
    }

    static RunSpec perturbed(RunSpec run, String perturbation) {
        Training p = Training.PLAIN;
        Training t = switch (perturbation) {
            case "plain", "gelu", "cross_entropy" -> p;
            case "minibatch_32" -> training(p.optimizer(), 32, 0, 0, 0, 0, p.precision(), 0, 0);
            case "adam" -> training(OptimizerSpec.parse("adam"), 0, 0, 0, 0, 0, p.precision(), 0, 0);
            case "weight_decay" -> training(p.optimizer(), 0, 1e-4, 0, 0, 0, p.precision(), 0, 0);
            case "lr_jitter" -> training(p.optimizer(), 0, 0, 0, 0, 0.1, p.precision(), 0, 0);
            case "dropout" -> training(p.optimizer(), 0, 0, 0.5, 0, 0, p.precision(), 0, 0);
            case "grad_noise" -> training(p.optimizer(), 0, 0, 0, 1e-4, 0, p.precision(), 0, 0);
            case "input_noise" -> training(p.optimizer(), 0, 0, 0, 0, 0, p.precision(), 0, 0.01);
            case "label_noise" -> training(p.optimizer(), 0, 0, 0, 0, 0, p.precision(), 0.01, 0);
            case "sequential" -> new Training(p.optimizer(), 0, 0, 0, 0, 0, Training.UpdateOrder.SEQUENTIAL,
                    Training.Gradient.BACKPROP, Training.DEFAULT_FD_STEP, p.precision(), 0, 0);
            case "finite_difference" -> new Training(p.optimizer(), 0, 0, 0, 0, 0, Training.UpdateOrder.SIMULTANEOUS,
                    Training.Gradient.FINITE_DIFFERENCE, Training.DEFAULT_FD_STEP, p.precision(), 0, 0);
            case "float32" -> training(p.optimizer(), 0, 0, 0, 0, 0, Training.Precision.FLOAT32, 0, 0);
            // not a perturbation: the measurement's cost (docs/split-hessian.md)
            case "split_hessian" -> p.withSplitHessian(true);
            default -> throw new IllegalArgumentException("unknown perturbation " + perturbation);
        };
        RunSpec spec = run.withTraining(t);
        if (perturbation.equals("cross_entropy")) {
            // softmax cross-entropy on two classes of blobs with the benchmark's n and inputs: [8,16,2]
            TaskSpec blobs = TaskSpec.blobs(spec.task().inputs(), 2, spec.task().samples(), 1.0);
            List<Integer> widths = List.of(spec.widths().get(0), spec.widths().get(1), 2);
            spec = new RunSpec(spec.sweep(), blobs, spec.dataSeed(), spec.initSeed(), widths, spec.activation(),
                    spec.init(), spec.tieLayer(), spec.tieUnits(), spec.tieMode(), spec.epsilon(), spec.steps(),
                    spec.lr(), spec.delta(), spec.checkpoints(), spec.training(), spec.variant());
        }
        if (perturbation.equals("gelu")) {
            spec = new RunSpec(spec.sweep(), spec.task(), spec.dataSeed(), spec.initSeed(), spec.widths(),
                    Activation.GELU, spec.init(), spec.tieLayer(), spec.tieUnits(), spec.tieMode(), spec.epsilon(),
                    spec.steps(), spec.lr(), spec.delta(), spec.checkpoints(), spec.training(), spec.variant());
        }
        return spec;
    }

    /** Simultaneous backprop updates with these settings. */
    private static Training training(OptimizerSpec optimizer, int batch, double decay, double dropout, double gradNoise,
            double jitter, Training.Precision precision, double labelNoise, double inputNoise) {
        return new Training(optimizer, batch, decay, dropout, gradNoise, jitter, Training.UpdateOrder.SIMULTANEOUS,
                Training.Gradient.BACKPROP, Training.DEFAULT_FD_STEP, precision, labelNoise, inputNoise);
    }

    @Benchmark
    @OperationsPerInvocation(KernelBenchmark.RUNS)
    public void run(Blackhole sink) {
        if (lanes) {
            boolean float32 = runs.get(0).training().float32();
            int width = float32 ? FloatLaneTrainer.LANES : LaneTrainer.LANES;
            for (int from = 0; from < runs.size(); from += width) {
                List<RunSpec> batch = runs.subList(from, Math.min(runs.size(), from + width));
                for (RunResult r : float32 ? floatLaneTrainer.train(batch) : laneTrainer.train(batch)) {
                    sink.consume(r.distEnd());
                }
            }
        } else {
            for (RunSpec spec : runs) {
                sink.consume(scalar.run(spec).distEnd());
            }
        }
    }
}
