package tiebreak.core.plan;

import java.util.List;
import tiebreak.core.net.Activation;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.Training;
import tiebreak.core.train.CheckpointSchedule;

/**
 * The work of one run, counted from its spec: floating-point operations of the matrix products and updates,
 * activation evaluations (with softmax cross-entropy's exps, one per output and row), and normal deviates drawn
 * for noise; and a time estimate from measured rates:
 * the lane kernel's for runs it trains ({@link tiebreak.core.lanes.LaneBatch#key}), the scalar Trainer's for
 * the others. The rates, and how they were measured, are in docs/performance.md ("How plan estimates").
 */
public record WorkEstimate(double flops, double activations, double deviates, double seconds) {
    /**
     * A sweep's wall time besides its runs: the JVM's and Spark's start, the first job's planning, the count
     * check and the summary: conf/bench-one.yaml's 4 runs took 5.6 to 6.8 s on 2026-12-03, Spark SQL
     * interpreted (docs/performance.md).
     */
    public static final double FIXED_SECONDS = 6.2;
    /**
     * Core time per run that the training estimate does not count: its rows, Parquet and trajectory writes
     * and its share of the chunk's jobs (0.22 ms measured on 50,000 one-step runs by jobs/bench, 2026-12-03).
     */
    public static final double PER_RUN_SECONDS = 2.2e-4;
    /**
     * Core time of the JIT's warm-up: the first batches of a sweep train several times slower than warm ones
     * (31 against 5 ms a run), up to about this much, fitted to the sweeps in conf/ (docs/performance.md,
     * "How plan estimates"); a sweep with little training warms up for at most {@link #WARMUP_SHARE} of it.
     */
    public static final double WARMUP_SECONDS = 15;
    static final double WARMUP_SHARE = 2;

    private static final double FLOPS_PER_SECOND = 2.7e9;
    /**
     * The scalar Trainer's cost per layer and gradient besides its arithmetic: the calls and loops around each
     * small product, which the FLOP rate does not see where the matrices are tiny (fitted to the narrow nets of
     * conf/duplicated-unit.yaml, [2,2,1] on 64 rows: 2.0-2.7 µs a step measured against 1.3 estimated without
     * it; 2026-12-04, AMD EPYC).
     */
    private static final double SCALAR_LAYER_NS = 450;
    private static final double DEVIATE_NS = 40;
    /**
     * A normal deviate in the lane kernel, per run: 8 lanes' Box–Muller at once (input noise 5.8 and 8.1 ns in
     * two runs, gradient noise, a block's deviates at a time, about 11; 2026-12-02).
     */
    private static final double LANE_DEVIATE_NS = 8;
    /**
     * The lane kernel's central differences, per run, per moved parameter's loss and row, besides its work:
     * the calls and copies of recomputing a few values (fitted: [8,4,1] 46 ms a run measured, [8,16,1] 256 ms).
     */
    private static final double LANE_DIFFERENCE_ROW_NS = 3.5;
    private static final double LANE_FLOPS_PER_SECOND = 25.3e9;
    /**
     * A float32 run in the sixteen float lanes against the same run in float64 lanes: the products take half
     * the time, the element-wise double arithmetic and its conversions more (PerturbationBenchmark, the
     * benchmark run: 194.6 against 181.0 runs/s, Intel Xeon, 2026-12-03).
     */
    private static final double FLOAT32_LANE_FACTOR = 0.93;

    public static WorkEstimate of(RunSpec spec) {
        WorkEstimate run = of(spec, tiebreak.core.lanes.LaneBatch.key(spec) != null);
        if (!spec.training().duplicates()) {
            return run;
        }
        // the narrow net's pretraining, on the scalar Trainer whichever trainer takes the run
        WorkEstimate narrow = of(tiebreak.core.train.RunStart.narrowSpec(spec), false);
        return new WorkEstimate(run.flops + narrow.flops, run.activations + narrow.activations,
                run.deviates + narrow.deviates, run.seconds + narrow.seconds + startMeasurementSeconds(spec));
    }

    /**
     * A duplicated start's whole-Hessian measurement: 2P gradients of the wide net at the scalar Trainer's
     * step cost, and the eigen-decomposition, about 10P³ operations (DuplicationBenchmark: 0.13 ms for
     * [2,3,1], P = 13; 4.0 ms for [8,5,1] on 256 rows, P = 51; 2026-12-04, AMD EPYC).
     */
    private static double startMeasurementSeconds(RunSpec spec) {
        if (!tiebreak.core.train.RunStart.measuresHessian(spec)) {
            return 0;
        }
        List<Integer> w = spec.widths();
        double p = 0;
        for (int l = 0; l + 1 < w.size(); l++) {
            p += (double) w.get(l) * w.get(l + 1) + w.get(l + 1);
        }
        double step = of(spec, false).seconds / Math.max(1, spec.steps());
        return 2 * p * step + 10 * p * p * p / FLOPS_PER_SECOND;
    }

    private static WorkEstimate of(RunSpec spec, boolean lanes) {
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
        double gradientFlops = forwardFlops + 2.0 * batch * product + 2.0 * batch * backExtra;
        double gradientActs = (double) batch * hidden;
        if (t.finiteDifference() && !lanes) {
            gradientFlops = 2.0 * parameters * forwardFlops;     // a whole forward pass per loss
            gradientActs = 2.0 * parameters * batch * hidden;
        } else if (t.finiteDifference()) {
            // one kept pass, then per moved parameter of layer l what it reaches (LaneDifferences): its unit's
            // sum and activation, and the layers after l
            gradientFlops = forwardFlops;
            for (int l = 0; l + 1 < w.size(); l++) {
                double moved = 2.0 * (w.get(l) * w.get(l + 1) + w.get(l + 1));
                double after = 0;
                double afterActs = l + 2 < w.size() ? 1 : 0;
                for (int k = l + 1; k + 1 < w.size(); k++) {
                    after += (double) w.get(k) * w.get(k + 1);
                    afterActs += k + 2 < w.size() ? w.get(k + 1) : 0;
                }
                gradientFlops += moved * 2.0 * batch * (w.get(l) + after);
                gradientActs += moved * batch * afterActs;
            }
        }
        int gradients = t.sequential() ? w.get(spec.tieLayer()) + 1 : 1;
        int checkpoints = CheckpointSchedule.logSpaced(spec.steps(), spec.checkpoints()).length;
        double flops = spec.steps() * (gradients * gradientFlops + 2.0 * parameters)
                + checkpoints * 2.0 * samples * product;
        double activations = spec.steps() * gradients * gradientActs + (double) checkpoints * samples * hidden;
        double deviates = spec.steps() * ((t.inputNoise() > 0 ? (double) batch * w.get(0) : 0)
                + (t.labelNoise() > 0 ? (double) batch * w.get(w.size() - 1) : 0)
                + (t.gradNoise() > 0 ? (double) gradients * parameters : 0));
        double differenceRows = lanes && t.finiteDifference() ? spec.steps() * gradients * 2.0 * parameters * batch : 0;
        // softmax cross-entropy: an exp per output of every row a pass or loss goes through, priced as a sigmoid
        double rowPasses = spec.steps() * gradients * (t.finiteDifference() ? 2.0 * parameters : 1.0) * batch
                + (double) checkpoints * samples;
        double exps = spec.task().isClassification() ? rowPasses * w.get(w.size() - 1) : 0;
        double seconds = differenceRows * LANE_DIFFERENCE_ROW_NS * 1e-9
                + exps * (lanes ? laneNsPerActivation(Activation.SIGMOID) : nsPerActivation(Activation.SIGMOID)) * 1e-9
                + flops / (lanes ? LANE_FLOPS_PER_SECOND : FLOPS_PER_SECOND)
                + activations * (lanes ? laneNsPerActivation(spec.activation()) : nsPerActivation(spec.activation())) * 1e-9
                + deviates * (lanes ? LANE_DEVIATE_NS : DEVIATE_NS) * 1e-9
                + (lanes ? 0 : spec.steps() * (t.finiteDifference() ? 2.0 * parameters : gradients)
                        * (w.size() - 1) * SCALAR_LAYER_NS * 1e-9);
        if (lanes && t.float32()) {
            seconds *= FLOAT32_LANE_FACTOR;
        }
        if (tiebreak.core.tie.SplitHessian.measures(spec)) {
            seconds += checkpoints * splitHessianSeconds(spec, product, hidden);
        }
        return new WorkEstimate(flops, activations + exps, deviates, seconds);
    }

    /**
     * One checkpoint's split-direction Hessian: a forward pass at the pair's symmetric point and the
     * accumulation of H_aa over the samples, then its decomposition; the two terms priced at the scalar
     * rates, times a factor fitted to PerturbationBenchmark's split_hessian row on the benchmark run (29
     * checkpoints, 2026-12-04, AMD EPYC): 0.4-0.6 ms a run more in lanes, about 0.6 ms on the scalar Trainer,
     * where the two terms make 2.1 ms.
     */
    private static double splitHessianSeconds(RunSpec spec, double product, int hidden) {
        List<Integer> w = spec.widths();
        int samples = spec.task().samples();
        int unitInputs = w.get(spec.tieLayer() - 1) + 1;
        int size = unitInputs + w.get(spec.tieLayer() + 1);
        double flops = 2.0 * samples * product + 2.0 * samples * unitInputs * size;
        return 0.3 * (flops / FLOPS_PER_SECOND + (double) samples * hidden * nsPerActivation(spec.activation()) * 1e-9);
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
            // LaneGelu, with its derivative: PerturbationBenchmark's gelu row against plain, 2026-12-03
            case GELU -> 8.3;
            case LINEAR -> 0;
        };
    }

    /**
     * The wall time of a sweep of this much work on {@code cores} cores: training, the JIT's warm-up, runs'
     * overhead and the fixed cost.
     */
    public static double sweepSeconds(double trainingSeconds, long runs, int cores) {
        return FIXED_SECONDS + (trainingSeconds + warmupSeconds(trainingSeconds) + runs * PER_RUN_SECONDS) / cores;
    }

    /** The JIT's warm-up in core-seconds for a sweep of this much training. */
    public static double warmupSeconds(double trainingSeconds) {
        return Math.min(WARMUP_SECONDS, WARMUP_SHARE * trainingSeconds);
    }

    /** The work of {@code n} runs like this one. */
    public WorkEstimate times(long n) {
        return new WorkEstimate(flops * n, activations * n, deviates * n, seconds * n);
    }

    public WorkEstimate plus(WorkEstimate other) {
        return new WorkEstimate(flops + other.flops, activations + other.activations, deviates + other.deviates,
                seconds + other.seconds);
    }
}
