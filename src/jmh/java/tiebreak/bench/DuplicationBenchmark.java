package tiebreak.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tiebreak.core.net.Activation;
import tiebreak.core.net.InitScheme;
import tiebreak.core.net.Parameters;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.TaskSpec;
import tiebreak.core.spec.TieMode;
import tiebreak.core.spec.Training;
import tiebreak.core.tie.Duplication;
import tiebreak.core.tie.RunResult;
import tiebreak.core.train.RunStart;
import tiebreak.core.train.Trainer;

/**
 * What a duplicated unit's start measures (the narrow net's gradient, the curvature block A, the wide net's
 * whole Hessian and the linearised prediction; docs/split-hessian.md) against the whole run it belongs to,
 * on the scalar Trainer: {@code run} is one run, pretraining included; {@code measurements} the start's
 * duplication and measurements alone, from an already trained narrow net. Their ratio is the cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DuplicationBenchmark {
    /** conf/duplicated-unit.yaml's shape and one of the split-growth shapes, one size larger. */
    @Param({"2-3-1", "8-5-1"})
    public String shape;

    private RunSpec spec;
    private final Trainer narrow = new Trainer();
    private final Trainer scalar = new Trainer();
    private final Parameters wide = new Parameters();

    @Setup
    public void setUp() {
        spec = shape.equals("2-3-1")
                ? new RunSpec("bench", TaskSpec.teacher(2, 4, 64, 0.0), 0, 1, List.of(2, 3, 1), Activation.TANH,
                        InitScheme.LECUN_NORMAL, 1, List.of(0, 1), TieMode.IN, 1e-6, 10_000, 0.5, 1e-3, 32,
                        Training.PLAIN.withDuplication(20_000, 0.75), "")
                : new RunSpec("bench", TaskSpec.teacher(8, 4, 256, 0.0), 0, 1, List.of(8, 5, 1), Activation.TANH,
                        InitScheme.LECUN_NORMAL, 1, List.of(0, 1), TieMode.IN, 1e-6, 500, 0.05, 1e-3, 32,
                        Training.PLAIN.withDuplication(2_000, 0.75), "");
        RunSpec narrowSpec = RunStart.narrowSpec(spec);
        narrow.prepare(narrowSpec);
        for (int step = 0; step < narrowSpec.steps(); step++) {
            narrow.step(narrowSpec.lr());
        }
    }

    @Benchmark
    public RunResult run() {
        return scalar.run(spec);
    }

    @Benchmark
    public Duplication measurements() {
        return RunStart.duplicateAndMeasure(spec, narrow, wide);
    }
}
