package tiebreak.bench;

import java.nio.file.Path;
import java.util.List;
import tiebreak.core.spec.RunSpec;
import tiebreak.sweep.SweepFile;

/** The benchmark run, read from conf/bench.yaml (the sweep that jobs/bench also runs end to end). */
final class BenchmarkRun {
    /**
     * Floating-point operations of one run's 500 steps, counted per step for [8,16,1], n = 256: the
     * products XW₁ (65,536), A₁W₂ (8,192), the gradients of W₂ (8,192) and W₁ (65,536) and the error sent
     * back (4,096); biases and their gradients (8,704); the output error (512); tanh′ (12,288); the update
     * (322): 173,378 per step, 86.69 M per run (checkpoint evaluations not counted).
     */
    static final double FLOPS = 500 * 173_378.0;

    private BenchmarkRun() {
    }

    /** The first {@code count} runs of conf/bench.yaml (seeds 0, 1, ...). */
    static List<RunSpec> runs(int count) {
        try {
            return SweepFile.read(Path.of(System.getProperty("tiebreak.bench.config", "conf/bench.yaml")))
                    .withFirstSeeds(count).runs();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the benchmark sweep: " + e.getMessage(), e);
        }
    }
}
