package tiebreak.core;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * Trains runs one after another with full-batch gradient descent, reusing its buffers: create one per
 * partition (or thread) and call {@link #run} for each spec. Not thread-safe.
 */
public final class Trainer {
    private final Parameters params = new Parameters();
    private final Parameters grad = new Parameters();
    private final Backprop backprop = new Backprop();
    private final Dataset data = new Dataset();

    /** Trains one run. Never throws for a run's own failure: that is recorded as {@link Outcome#FAILED}. */
    public RunResult run(RunSpec spec) {
        long start = System.nanoTime();
        try {
            prepare(spec);
            return trainPrepared(spec, start);
        } catch (RuntimeException | StackOverflowError e) {
            return RunResult.failed(spec, elapsedMs(start), e);
        }
    }

    /** The parameters as the last run left them (for tests and tracing). */
    public Parameters parameters() {
        return params;
    }

    public Dataset data() {
        return data;
    }

    /**
     * Trains from the parameters as they are now (normally as {@link #prepare} left them; tests may change
     * them in between) and measures the run.
     */
    public RunResult trainPrepared(RunSpec spec) {
        return trainPrepared(spec, System.nanoTime());
    }

    private RunResult trainPrepared(RunSpec spec, long start) {
        int[] schedule = CheckpointSchedule.logSpaced(spec.steps(), spec.checkpoints());
        TieProbe probe = new TieProbe(spec);
        List<Checkpoint> checkpoints = new ArrayList<>(schedule.length);
        checkpoints.add(probe.measure(0, params, loss()));
        boolean finite = isFinite(checkpoints.get(0));
        int next = 1;
        for (int step = 1; step <= spec.steps() && finite; step++) {
            step(spec.lr());
            if (step == schedule[next]) {
                Checkpoint c = probe.measure(step, params, loss());
                checkpoints.add(c);
                finite = isFinite(c);
                next++;
            }
        }
        finite = finite && params.allFinite();
        return Measurements.summarise(spec, checkpoints, finite, elapsedMs(start));
    }

    /** Data, buffers and the starting parameters of a run; public so tests can step by hand. */
    public void prepare(RunSpec spec) {
        data.generate(spec.task(), spec.dataSeed());
        params.reshape(spec.widths());
        grad.reshape(spec.widths());
        backprop.reshape(spec.widths(), spec.task().n(), spec.activation());
        TieSetup.prepare(spec, params);
    }

    /** One full-batch gradient-descent step: θ ← θ − lr ∇L(θ). Allocates nothing. */
    public void step(double lr) {
        backprop.forward(params, data.x, data.y);
        backprop.backward(params, data.x, data.y, grad);
        for (int l = 0; l < params.layers(); l++) {
            descend(params.weight(l), grad.weight(l), lr);
            descend(params.bias(l), grad.bias(l), lr);
        }
    }

    /** The training loss at the current parameters. */
    public double loss() {
        return backprop.forward(params, data.x, data.y);
    }

    /** The gradient at the current parameters, written into the trainer's gradient buffer and returned. */
    public Parameters gradient() {
        backprop.forward(params, data.x, data.y);
        backprop.backward(params, data.x, data.y, grad);
        return grad;
    }

    private static void descend(DMatrixRMaj theta, DMatrixRMaj g, double lr) {
        int size = theta.getNumElements();
        for (int k = 0; k < size; k++) {
            theta.data[k] -= lr * g.data[k];
        }
    }

    private static boolean isFinite(Checkpoint c) {
        return Double.isFinite(c.loss()) && Double.isFinite(c.dist()) && Double.isFinite(c.scale());
    }

    private static long elapsedMs(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
