package tiebreak.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import tiebreak.core.lanes.LaneTrainer;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.tie.RunResult;
import tiebreak.core.train.Trainer;

/** The benchmark run on one thread, in runs per second: the lane kernel and the scalar Trainer. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class KernelBenchmark {
    /** Runs per invocation: whole batches for 2, 4, 8 or 16 lanes. */
    static final int RUNS = 16;

    private List<RunSpec> runs;
    private final LaneTrainer lanes = new LaneTrainer();
    private final Trainer scalar = new Trainer();

    @Setup
    public void setUp() {
        runs = BenchmarkRun.runs(RUNS);
    }

    @Benchmark
    @OperationsPerInvocation(RUNS)
    public void lanes(Blackhole sink) {
        for (int from = 0; from < RUNS; from += LaneTrainer.LANES) {
            for (RunResult r : lanes.train(runs.subList(from, Math.min(RUNS, from + LaneTrainer.LANES)))) {
                sink.consume(r.distEnd());
            }
        }
    }

    @Benchmark
    public double scalar() {
        return scalar.run(runs.get(0)).distEnd();
    }
}
