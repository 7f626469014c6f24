package tiebreak.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The machine's float64 multiply-add peak on one core: 16 independent accumulators (enough to hide the
 * latency of two pipelines) updated {@link #ITERATIONS} times with the widest vectors, as fused
 * multiply-adds and as a multiply followed by an add (what code that must not fuse, like ours, can reach).
 * FLOPs per invocation: {@link #flopsPerInvocation()}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PeakBenchmark {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int ITERATIONS = 1 << 20;
    static final int ACCUMULATORS = 16;
    public double m = 0.999999;
    public double c = 1e-9;

    static double flopsPerInvocation() {
        return 2.0 * ITERATIONS * ACCUMULATORS * S.length();
    }

    @Benchmark
    public double fma() {
        DoubleVector mv = DoubleVector.broadcast(S, m);
        DoubleVector cv = DoubleVector.broadcast(S, c);
        DoubleVector a0 = DoubleVector.broadcast(S, 0.1), a1 = a0.add(0.01), a2 = a0.add(0.02), a3 = a0.add(0.03);
        DoubleVector a4 = a0.add(0.04), a5 = a0.add(0.05), a6 = a0.add(0.06), a7 = a0.add(0.07);
        DoubleVector a8 = a0.add(0.08), a9 = a0.add(0.09), a10 = a0.add(0.10), a11 = a0.add(0.11);
        DoubleVector a12 = a0.add(0.12), a13 = a0.add(0.13), a14 = a0.add(0.14), a15 = a0.add(0.15);
        for (int i = 0; i < ITERATIONS; i++) {
            a0 = a0.fma(mv, cv); a1 = a1.fma(mv, cv); a2 = a2.fma(mv, cv); a3 = a3.fma(mv, cv);
            a4 = a4.fma(mv, cv); a5 = a5.fma(mv, cv); a6 = a6.fma(mv, cv); a7 = a7.fma(mv, cv);
            a8 = a8.fma(mv, cv); a9 = a9.fma(mv, cv); a10 = a10.fma(mv, cv); a11 = a11.fma(mv, cv);
            a12 = a12.fma(mv, cv); a13 = a13.fma(mv, cv); a14 = a14.fma(mv, cv); a15 = a15.fma(mv, cv);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .add(a12).add(a13).add(a14).add(a15).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }

    @Benchmark
    public double mulAdd() {
        DoubleVector mv = DoubleVector.broadcast(S, m);
        DoubleVector cv = DoubleVector.broadcast(S, c);
        DoubleVector a0 = DoubleVector.broadcast(S, 0.1), a1 = a0.add(0.01), a2 = a0.add(0.02), a3 = a0.add(0.03);
        DoubleVector a4 = a0.add(0.04), a5 = a0.add(0.05), a6 = a0.add(0.06), a7 = a0.add(0.07);
        DoubleVector a8 = a0.add(0.08), a9 = a0.add(0.09), a10 = a0.add(0.10), a11 = a0.add(0.11);
        DoubleVector a12 = a0.add(0.12), a13 = a0.add(0.13), a14 = a0.add(0.14), a15 = a0.add(0.15);
        for (int i = 0; i < ITERATIONS; i++) {
            a0 = a0.mul(mv).add(cv); a1 = a1.mul(mv).add(cv); a2 = a2.mul(mv).add(cv); a3 = a3.mul(mv).add(cv);
            a4 = a4.mul(mv).add(cv); a5 = a5.mul(mv).add(cv); a6 = a6.mul(mv).add(cv); a7 = a7.mul(mv).add(cv);
            a8 = a8.mul(mv).add(cv); a9 = a9.mul(mv).add(cv); a10 = a10.mul(mv).add(cv); a11 = a11.mul(mv).add(cv);
            a12 = a12.mul(mv).add(cv); a13 = a13.mul(mv).add(cv); a14 = a14.mul(mv).add(cv); a15 = a15.mul(mv).add(cv);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .add(a12).add(a13).add(a14).add(a15).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
