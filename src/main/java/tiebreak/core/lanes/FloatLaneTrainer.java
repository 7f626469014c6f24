package tiebreak.core.lanes;

import java.util.Arrays;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import tiebreak.core.math.Float32;
import tiebreak.core.net.Activation;
import tiebreak.core.net.Parameters;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.Training;
import tiebreak.core.task.TaskData;
import tiebreak.core.tie.Duplication;
import tiebreak.core.tie.RunResult;
import tiebreak.core.train.RunStart;
import tiebreak.core.train.AdamPowers;

/**
 * Trains up to {@link #LANES} float32 runs of one {@link LaneBatch.Key} at once, sixteen to a 512-bit vector
 * (twice the float64 kernel's lanes), each lane with the scalar float32 Trainer's operations in its order, so
 * its bits. It takes full-batch backprop on mean-squared error with simultaneous
 * updates, any optimizer and weight decay ({@link LaneBatch#supports}); float32 runs with per-step randomness,
 * central differences, sequential updates or classes stay on the scalar Trainer. Four samples at a time (the
 * n mod 4 left over one at a time): forward ({@link FloatLanePass}), output error and loss
 * ({@link FloatLaneUpdate}), backward. Not thread-safe; reuse
 * one per partition.
 */
public final class FloatLaneTrainer {
    public static final int LANES = FloatLaneBuffers.L;
    private static final int SLOTS = FloatLaneBuffers.SLOTS;

    private final TaskData data = new TaskData();
    private final Parameters scratch = new Parameters();
    private final FloatLaneBuffers buffers = new FloatLaneBuffers();
    private final AdamPowers powers = new AdamPowers();
    private final double[] lr = new double[LANES];
    private final double[] lossSum = new double[LANES];
    private RunSpec model;

    /** Trains 1 to {@link #LANES} runs of one key; results in their order, as {@link LaneTrainer#train}. */
    public List<RunResult> train(List<RunSpec> specs) {
        if (specs.isEmpty() || specs.size() > LANES) {
            throw new IllegalArgumentException("expected 1 to " + LANES + " runs, got " + specs.size());
        }
        long start = System.nanoTime();
        RunResult[] failed = new RunResult[specs.size()];
        Duplication[] duplications = new Duplication[specs.size()];
        shape(specs.get(0));
        RunSpec[] lane = LaneCheckpoints.assign(specs, LANES, start, failed, (i, spec) -> {
            duplications[i] = RunStart.prepare(spec, scratch);      // rounds the parameters to float
            buffers.pack(i, scratch);
            lr[i] = spec.lr();
        }, (from, to) -> {
            buffers.copyLane(from, to);
            lr[to] = lr[from];
        });
        if (lane == null) {
            return Arrays.asList(failed);
        }
        LaneCheckpoints checkpoints = new LaneCheckpoints(model, lane, specs.size(), failed, data);
        trainLanes(checkpoints);
        return checkpoints.results(specs, failed, duplications, buffers::finite, (System.nanoTime() - start) / 1_000_000
                / specs.size());
    }

    /** The parameters of lane i as they are now; for tests. */
    public void parameters(int i, Parameters into) {
        buffers.unpack(i, into);
    }

    private void shape(RunSpec spec) {
        boolean sameShape = model != null && buffers.fits(spec.widths());
        boolean sameData = sameShape && model.task().equals(spec.task()) && model.dataSeed() == spec.dataSeed();
        model = spec;
        powers.reset();
        if (!sameShape) {
            buffers.shape(spec.widths());
            scratch.reshape(spec.widths());
        }
        if (!sameData) {
            data.generate(spec.task(), spec.dataSeed());
            Float32.round(data.x);
            Float32.round(data.y);
        }
    }

    private void trainLanes(LaneCheckpoints checkpoints) {
        int[] schedule = checkpoints.schedule;
        Training t = model.training();
        boolean anyLive = measure(0, checkpoints);
        int next = 1;
        for (int step = 1; step <= model.steps() && anyLive; step++) {
            powers.advance();
            pass(true);
            if (t.weightDecay() > 0) {
                FloatLaneUpdate.decay(buffers, t.weightDecay());
            }
            for (int b = 0; b < 2 * buffers.layers; b++) {
                FloatLaneUpdate.apply(buffers, b, t.optimizer(), lr, powers);
            }
            if (step == schedule[next]) {
                anyLive = measure(step, checkpoints);
                next++;
            }
        }
    }

    /** Checkpoints every live lane on the loss of the full data set; a lane not finite stops there. */
    private boolean measure(int step, LaneCheckpoints checkpoints) {
        Arrays.fill(lossSum, 0.0);
        pass(false);
        int n = data.samples();
        for (int i = 0; i < LANES; i++) {
            lossSum[i] /= 2.0 * n;
        }
        return checkpoints.record(step, buffers::unpack, scratch, lossSum, null);
    }

    /**
     * One pass over the data set, four samples at a time and the rest one by one: with {@code backward} the
     * step's gradient, else each lane's sum of squared errors into {@link #lossSum}.
     */
    private void pass(boolean backward) {
        Activation f = model.activation();
        double[] y = data.y.data;
        int n = data.samples();
        int s = 0;
        for (; s + SLOTS <= n; s += SLOTS) {
            for (int q = 0; q < SLOTS; q++) {
                loadInput(s + q, q);
            }
            FloatLanePass.forwardBlock(buffers, f);
            for (int q = 0; q < SLOTS; q++) {
                rowDone(q, s + q, n, y, backward);
            }
            if (backward) {
                FloatLanePass.backwardBlock(buffers, f, s);
            }
        }
        for (; s < n; s++) {
            loadInput(s, 0);
            FloatLanePass.forward(buffers, f, 0);
            rowDone(0, s, n, y, backward);
            if (backward) {
                FloatLanePass.backward(buffers, f, 0, s);
            }
        }
    }

    private void rowDone(int q, int s, int n, double[] y, boolean backward) {
        if (backward) {
            FloatLaneUpdate.outputError(buffers, q, s, n, y);
        } else {
            FloatLaneUpdate.addLoss(buffers, q, s, y, lossSum);
        }
    }

    /** Row s's inputs into slot q. */
    private void loadInput(int s, int q) {
        int d = buffers.fanIn[0];
        float[] in = buffers.input[q];
        double[] x = data.x.data;
        for (int k = 0; k < d; k++) {
            FloatVector.broadcast(FloatLaneBuffers.F, (float) x[s * d + k])
                    .intoArray(in, FloatLaneBuffers.O + k * LANES);
        }
    }
}
