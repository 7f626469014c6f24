package tiebreak.core.plan;

import java.util.List;
import tiebreak.core.net.Activation;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.Training;
import tiebreak.core.train.CheckpointSchedule;

/**
 * The work of one run, counted from its spec: floating-point operations of the matrix products and updates,
 * activation evaluations, and normal deviates drawn for step noise; and a time estimate. Runs the lane
 * kernel trains ({@link tiebreak.core.lanes.LaneBatch#key}) use the lane rates, measured with jobs/bench's
 * KernelBenchmark on conf/bench.yaml's linear variant and the tanh, relu and sigmoid ones (2026-11-29, after
 * the aligned, in-place kernel: 316, 184, 283, 151 runs/s): 25.3 GFLOP/s, and 0.18 (relu), 1.69 (sigmoid) ns
 * per element; tanh 0.88 ns since fastTanh's one-quotient form (arithmetic version 3: the fastest of 10
 * interleaved 4–5-s JVMs each of the tanh and linear benchmark runs, 201.9 and 317.3 runs/s; 1.11 before).
 * The others use the scalar rates, derived from {@code bench} on this project's reference machine (2 cores,
 * Java 17, 2026-11-29), [8,16,1], n = 256, 500 steps: the linear run (29.6 ms for the 80.1 MFLOP this class
 * counts) gives 2.7 GFLOP/s; the extra time of the tanh, sigmoid and relu runs over 2.05 M elements gives 7.0,
 * 6.9 and 1.1 ns per element (forward and derivative; tanh measured before version 3, whose scalar fastTanh
 * is faster, but this machine's noise hid the difference when re-measured); gelu's 34 ns is DetMath's
 * micro-benchmark (13.7 ns gelu + 19.9 ns derivative); the
 * input-noise variant's extra 40 ms over 1.02 M deviates gives 40 ns per normal deviate.
 */
public record WorkEstimate(double flops, double activations, double deviates, double seconds) {
    private static final double FLOPS_PER_SECOND = 2.7e9;
    private static final double DEVIATE_NS = 40;
    private static final double LANE_FLOPS_PER_SECOND = 25.3e9;

    public static WorkEstimate of(RunSpec spec) {
        Training t = spec.training();
        List<Integer> w = spec.widths();
        int samples = spec.task().samples();
        int batch = t.batchSize() > 0 ? t.batchSize() : samples;
        double product = 0; // Σ fan_in · fan_out
        double backExtra = 0; // the dA products, all layers but the first
        int hidden = 0;
        int parameters = 0;
        for (int l = 0; l + 1 < w.size(); l++) {
            product += (double) w.get(l) * w.get(l + 1);
            backExtra += l > 0 ? (double) w.get(l) * w.get(l + 1) : 0;
            parameters += w.get(l) * w.get(l + 1) + w.get(l + 1);
            hidden += l + 1 < w.size() - 1 ? w.get(l + 1) : 0;
        }
        double forwardFlops = 2.0 * batch * product;
        double gradientFlops = t.finiteDifference() ? 2.0 * parameters * forwardFlops
                : forwardFlops + 2.0 * batch * product + 2.0 * batch * backExtra;
        double gradientActs = (t.finiteDifference() ? 2.0 * parameters : 1.0) * batch * hidden;
        int gradients = t.sequential() ? w.get(spec.tieLayer()) + 1 : 1;
        int checkpoints = CheckpointSchedule.logSpaced(spec.steps(), spec.checkpoints()).length;
        double flops = spec.steps() * (gradients * gradientFlops + 2.0 * parameters)
                + checkpoints * 2.0 * samples * product;
        double activations = spec.steps() * gradients * gradientActs + (double) checkpoints * samples * hidden;
        double deviates = spec.steps() * ((t.inputNoise() > 0 ? (double) batch * w.get(0) : 0)
                + (t.labelNoise() > 0 ? (double) batch * w.get(w.size() - 1) : 0)
                + (t.gradNoise() > 0 ? (double) gradients * parameters : 0));
        boolean lanes = tiebreak.core.lanes.LaneBatch.key(spec) != null;
        double seconds = flops / (lanes ? LANE_FLOPS_PER_SECOND : FLOPS_PER_SECOND)
                + activations * (lanes ? laneNsPerActivation(spec.activation()) : nsPerActivation(spec.activation())) * 1e-9
                + deviates * DEVIATE_NS * 1e-9;
        return new WorkEstimate(flops, activations, deviates, seconds);
    }

    private static double nsPerActivation(Activation a) {
        return switch (a) {
            case TANH -> 7.0;
            case SIGMOID -> 6.9;
            case GELU -> 34;
            case RELU -> 1.1;
            case LINEAR -> 0;
        };
    }

    private static double laneNsPerActivation(Activation a) {
        return switch (a) {
            case TANH -> 0.88;
            case SIGMOID -> 1.69;
            case RELU -> 0.18;
            case GELU, LINEAR -> 0;     // GELU never takes the lanes
        };
    }

    public WorkEstimate plus(WorkEstimate other) {
        return new WorkEstimate(flops + other.flops, activations + other.activations, deviates + other.deviates,
                seconds + other.seconds);
    }
}
