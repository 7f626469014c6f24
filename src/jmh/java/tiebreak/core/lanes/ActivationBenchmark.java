package tiebreak.core.lanes;

import java.util.SplittableRandom;
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
import tiebreak.core.net.Activation;

/**
 * Nanoseconds per element of each activation, forward, over 4,096 pre-activations drawn like a hidden
 * layer's (normal, σ = 1.5): the scalar functions of {@link Activation} and the lane versions.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ActivationBenchmark {
    static final int SIZE = 4096;

    @Param({"tanh", "sigmoid", "relu", "gelu"})
    public String activation;

    private Activation f;
    private final double[] z = LaneMath.buffer(SIZE);
    private final double[] a = LaneMath.buffer(SIZE);
    private final LaneGelu gelu = new LaneGelu(SIZE);

    @Setup
    public void setUp() {
        f = Activation.parse(activation);
        SplittableRandom random = new SplittableRandom(1);
        for (int k = LaneMath.O; k < LaneMath.O + SIZE; k++) {
            z[k] = 1.5 * random.nextGaussian();
        }
    }

    @Benchmark
    @OperationsPerInvocation(SIZE)
    public double scalar() {
        for (int k = LaneMath.O; k < LaneMath.O + SIZE; k++) {
            a[k] = f.apply(z[k]);
        }
        return a[SIZE - 1];
    }

    @Benchmark
    @OperationsPerInvocation(SIZE)
    public double lanes() {
        if (f == Activation.GELU) {
            gelu.forward(z, a, null, SIZE);
        } else {
            LaneMath.forward(f, z, a, SIZE);
        }
        return a[SIZE - 1];
    }
}
