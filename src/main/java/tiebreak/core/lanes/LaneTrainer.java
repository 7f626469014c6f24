package tiebreak.core.lanes;

import java.util.Arrays;
import java.util.List;
import jdk.incubator.vector.DoubleVector;
import tiebreak.core.math.Rng;
import tiebreak.core.net.Activation;
import tiebreak.core.net.Parameters;
import tiebreak.core.spec.OptimizerSpec;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.Training;
import tiebreak.core.task.TaskData;
import tiebreak.core.tie.Duplication;
import tiebreak.core.tie.RunResult;
import tiebreak.core.train.RunStart;
import tiebreak.core.train.AdamPowers;
import tiebreak.core.train.Perturbations;

/**
 * Trains up to {@link #LANES} runs of one {@link LaneBatch.Key} at once, run i in SIMD lane i, like vmap:
 * every parameter, activation and gradient element is a vector over runs. No operation ever mixes lanes,
 * and each lane goes through the scalar {@link tiebreak.core.train.Trainer}'s operations in the scalar order, so
 * each run's result is bit for bit the one it gets when trained alone.
 *
 * <p>This class is the schedule; the arithmetic lives in pieces of static bodies over the arrays of
 * {@link LaneBuffers}: {@link LaneRows} (each lane's rows and streams), {@link LaneForward},
 * {@link LaneLoss}, {@link LaneBackward} with {@link LaneErrors}, {@link LaneUpdate}, {@link LaneDifferences}
 * and the activations of {@link LaneMath}. A backprop gradient is one pass over the samples: for sample s,
 * forward through the layers, the output error, backward, and each gradient element accumulated in
 * ascending s, which is the order of EJML's products in {@link tiebreak.core.net.Backprop}. All buffers are
 * per sample, so the working set stays in L1 whatever n is. A step takes one gradient, or under sequential
 * updates one per unit of the tie layer and one more, all on the step's rows and masks. Not thread-safe;
 * reuse one per partition.
 *
 * <p>Samples go four at a time (each weight and gradient element loaded once for four samples); the
 * n mod 4 samples left over take the one-sample bodies, which are the same sums written for one sample.
 * Padding the last block instead would add a dummy sample's zero products, and −0 + 0 is +0.
 */
public final class LaneTrainer {
    public static final int LANES = LaneMath.L;
    private static final int SLOTS = LaneBuffers.SLOTS;

    private final TaskData data = new TaskData();
    // every lane's split-direction Hessian at once, where the batch measures it (kept while the shape lasts)
    private LaneSplitHessian splitHessian;
    private final Parameters scratch = new Parameters();
    private final LaneBuffers buffers = new LaneBuffers();
    private final LaneRows rows = new LaneRows();
    private final LaneDifferences differences = new LaneDifferences();
    private final AdamPowers powers = new AdamPowers();
    private final double[] lr = new double[LANES];
    private final double[] lossSum = new double[LANES];   // each lane's sum of loss terms, then its loss
    private final double[] correct = new double[LANES];   // classification: each lane's correct rows, then accuracy
    private final double[] plus = new double[LANES];      // finite differences: each lane's L(θ + h e_k),
    private final double[] minus = new double[LANES];     // L(θ − h e_k)
    private final double[] saved = new double[LANES];     // and θ_k

    private RunSpec model;
    private boolean fromLanes;  // the step now running reads the lanes' own rows, not the shared data
    private boolean dropping;   // the step now running applies the masks (steps, not checkpoints)
    private boolean lossDue;    // the pass now running also sums the previous checkpoint's loss into lossSum

    /**
     * Trains the given runs (1 to {@link #LANES}, all with the same {@link LaneBatch#key}) and returns
     * their results in the same order. A run that throws while being set up is recorded as failed, as
     * {@link tiebreak.core.train.Trainer#run} would record it.
     */
    public List<RunResult> train(List<RunSpec> specs) {
        if (specs.isEmpty() || specs.size() > LANES) {
            throw new IllegalArgumentException("expected 1 to " + LANES + " runs, got " + specs.size());
        }
        if (specs.get(0).training().float32()) {
            throw new IllegalArgumentException("float32 runs take the FloatLaneTrainer");
        }
        long start = System.nanoTime();
        RunResult[] failed = new RunResult[specs.size()];
        Duplication[] duplications = new Duplication[specs.size()];
        shape(specs.get(0));
        RunSpec[] lane = LaneCheckpoints.assign(specs, LANES, start, failed, (i, spec) -> {
            duplications[i] = RunStart.prepare(spec, scratch);
            pack(i, spec);
        }, (from, to) -> {
            buffers.copyLane(from, to);
            lr[to] = lr[from];
            rows.start(to, model, data.samples());
        });
        if (lane == null) {
            return Arrays.asList(failed);
        }
        LaneCheckpoints checkpoints = new LaneCheckpoints(model, lane, specs.size(), failed, data);
        splitHessian = LaneSplitHessian.forBatch(lane, data.samples(), splitHessian);
        trainLanes(checkpoints);
        return checkpoints.results(specs, failed, duplications, buffers::finite, elapsedMs(start) / specs.size());
    }

    /** The parameters of lane i as they are now, in {@code into} (shaped by the caller's widths); for tests. */
    public void parameters(int i, Parameters into) {
        buffers.unpack(i, into);
    }

    private void trainLanes(LaneCheckpoints checkpoints) {
        int[] schedule = checkpoints.schedule;
        // On the shared data set (no minibatches, noise or dropout) a step's first backprop pass computes the
        // very outputs the previous checkpoint's loss needs: that loss is summed during the pass, in the same
        // order, and the checkpoint taken before the update, instead of a forward pass of its own. Central
        // differences make no pass at the unperturbed parameters; a classification checkpoint also counts
        // the correct rows, which the pass does not.
        Training t = model.training();
        boolean reuse = !rows.ownRows() && t.dropout() == 0 && !t.finiteDifference() && !buffers.crossEntropy;
        int pending = reuse ? 0 : -1;   // the step whose checkpoint waits for the next pass
        boolean anyLive = reuse || measure(0, checkpoints);
        int next = 1;
        for (int step = 1; step <= model.steps() && anyLive; step++) {
            lossDue = pending >= 0;
            if (lossDue) {
                Arrays.fill(lossSum, 0.0);
            }
            int n = beginStep();
            gradient(n);
            if (lossDue) {
                lossDue = false;
                LaneLoss.finish(buffers, lossSum, data.samples());
                anyLive = record(pending, checkpoints);
                pending = -1;
                if (!anyLive) {
                    break;      // the scalar loop stops here too, before this step's update
                }
            }
            update(n);
            if (step == schedule[next]) {
                if (reuse && step < model.steps()) {
                    pending = step;
                } else {
                    anyLive = measure(step, checkpoints);
                }
                next++;
            }
        }
        if (pending >= 0 && anyLive) {
            measure(pending, checkpoints);     // no step followed it
        }
    }

    /** Checkpoints every live lane; a lane whose checkpoint is not finite stops, as the scalar loop does. */
    private boolean measure(int step, LaneCheckpoints checkpoints) {
        fullLoss();
        return record(step, checkpoints);
    }

    /** {@link #measure} with every lane's loss already in {@link #lossSum}. */
    private boolean record(int step, LaneCheckpoints checkpoints) {
        checkpoints.splitHessians(splitHessian == null ? null : splitHessian.matrices(buffers.theta, data));
        return checkpoints.record(step, buffers::unpack, scratch, lossSum, buffers.crossEntropy ? correct : null);
    }

    /** Buffers for this architecture, the data set, and a fresh start of the optimizer's step count. */
    private void shape(RunSpec spec) {
        boolean jitter = spec.training().lrJitter() > 0;
        boolean sameShape = model != null && buffers.fits(spec.widths(), jitter, spec.activation());
        boolean sameData = sameShape && model.task().equals(spec.task()) && model.dataSeed() == spec.dataSeed();
        model = spec;
        powers.reset();
        if (!sameShape) {
            buffers.shape(spec.widths(), jitter, spec.activation());
            scratch.reshape(spec.widths());
        }
        if (!sameData) {
            data.generate(spec.task(), spec.dataSeed());
        }
        buffers.crossEntropy = spec.task().isClassification();
        rows.shape(spec.training(), data, buffers);     // pack() resets every lane's parameters and state
    }

    /** Lane i takes the parameters in {@code scratch}, the run's learning rate and its random streams. */
    private void pack(int i, RunSpec spec) {
        buffers.pack(i, scratch);
        lr[i] = spec.lr();
        rows.start(i, spec, data.samples());
        double jitter = spec.training().lrJitter();
        if (jitter > 0) {
            // the scalar Trainer's per-parameter factors, block by block in element order
            Rng rng = Rng.stream(spec.initSeed(), Rng.Purpose.LR_JITTER);
            for (int b = 0; b < 2 * buffers.layers; b++) {
                for (int e = 0; e < buffers.size(b); e++) {
                    buffers.setRate(b, e, i, Perturbations.learningRateFactor(jitter, rng));
                }
            }
        }
    }

    /**
     * Starts a step: Adam's bias correction advances, and each lane's rows and masks for the step are drawn
     * when it has them (all of the step's passes use them). Returns the step's row count.
     */
    private int beginStep() {
        powers.advance();
        Training t = model.training();
        dropping = t.dropout() > 0;
        fromLanes = rows.ownRows();
        return fromLanes || dropping ? rows.next(t, data, buffers) : data.samples();
    }

    /**
     * The gradient of the step's objective at the lanes' parameters now (backprop, or central differences),
     * then weight decay and gradient noise: the scalar Trainer's computeGradient. Allocates nothing.
     */
    private void gradient(int n) {
        Training t = model.training();
        if (t.finiteDifference()) {
            finiteDifferences(n);
        } else {
            backprop(n);
        }
        LaneUpdate.decayAndNoise(buffers, t, rows);
    }

    /** One backprop pass over the step's n rows for every lane: outputs, errors, gradients. */
    private void backprop(int n) {
        Activation f = model.activation();
        double[] laneY = fromLanes ? rows.y : null;
        double[] y = data.y.data;
        int s = 0;
        for (; s + SLOTS <= n; s += SLOTS) {
            for (int q = 0; q < SLOTS; q++) {
                loadInput(s + q, q);
            }
            LaneForward.block(buffers, f, s, dropping);
            for (int q = 0; q < SLOTS; q++) {
                outputError(q, s + q, n, laneY, y);
            }
            LaneBackward.block(buffers, f, s, dropping);
        }
        for (; s < n; s++) {
            loadInput(s, 0);
            LaneForward.sample(buffers, f, s, dropping);
            outputError(0, s, n, laneY, y);
            LaneBackward.sample(buffers, f, s, dropping);
        }
    }

    /**
     * Central differences, one parameter element at a time in block and element order, all lanes at once:
     * g = (L(θ + h e_k) − L(θ − h e_k)) / 2h, each loss that of a forward pass over the step's rows and masks,
     * computed by {@link LaneDifferences} from one kept pass at θ. θ_k is kept in an array between the
     * passes, not in a vector: a vector live across a call is boxed.
     */
    private void finiteDifferences(int n) {
        double h = model.training().fdStep();
        double[] laneY = fromLanes ? rows.y : null;
        double[] y = data.y.data;
        Activation f = model.activation();
        differences.shape(buffers, n);
        forwardRows(n, true);
        for (int b = 0; b < 2 * buffers.layers; b++) {
            int l = b / 2;
            double[] theta = buffers.theta[b];
            double[] g = buffers.grad[b];
            for (int e = 0; e < buffers.size(b); e++) {
                int at = LaneMath.O + e * LANES;
                int unit = (b & 1) == 0 ? e % buffers.fanOut[l] : e;     // W_l is fan-in × fan-out, row-major
                System.arraycopy(theta, at, saved, 0, LANES);
                DoubleVector.fromArray(LaneMath.S, saved, 0).add(h).intoArray(theta, at);
                differences.loss(buffers, f, l, unit, n, dropping, laneY, y, plus);
                DoubleVector.fromArray(LaneMath.S, saved, 0).sub(h).intoArray(theta, at);
                differences.loss(buffers, f, l, unit, n, dropping, laneY, y, minus);
                System.arraycopy(saved, 0, theta, at, LANES);
                DoubleVector.fromArray(LaneMath.S, plus, 0).sub(DoubleVector.fromArray(LaneMath.S, minus, 0))
                        .div(2 * h).intoArray(g, at);
            }
        }
    }

    private void outputError(int q, int s, int n, double[] laneY, double[] y) {
        LaneLoss.outputError(buffers, q, s, n, laneY, y);
        if (lossDue) {      // only on the shared data set, whose targets are y
            LaneLoss.addLoss(buffers, q, s, null, y, lossSum);
        }
    }

    /**
     * The step's update of every lane, from the gradient {@link #gradient} left. Sequential updates go as the
     * scalar Trainer's: each unit of the tie layer in turn updates its incoming weights, bias and outgoing
     * weights from a gradient taken after the unit before it moved (the first is the step's), then one more
     * gradient updates every other block. Allocates nothing.
     */
    private void update(int n) {
        Training t = model.training();
        OptimizerSpec o = t.optimizer();
        if (!t.sequential()) {
            for (int b = 0; b < 2 * buffers.layers; b++) {
                LaneUpdate.apply(buffers, b, o, lr, powers);
            }
            return;
        }
        int layer = model.tieLayer() - 1;      // its weights and bias are blocks 2·layer and 2·layer + 1
        int tieBlock = 2 * layer;
        int units = buffers.fanOut[layer];
        int outputs = buffers.fanOut[layer + 1];
        for (int u = 0; u < units; u++) {
            if (u > 0) {
                gradient(n);
            }
            LaneUpdate.apply(buffers, tieBlock, o, lr, powers, u, units, buffers.fanIn[layer]);
            LaneUpdate.apply(buffers, tieBlock + 1, o, lr, powers, u, 1, 1);
            LaneUpdate.apply(buffers, tieBlock + 2, o, lr, powers, u * outputs, 1, outputs);
        }
        gradient(n);
        for (int b = 0; b < 2 * buffers.layers; b++) {
            if (b < tieBlock || b > tieBlock + 2) {
                LaneUpdate.apply(buffers, b, o, lr, powers);
            }
        }
    }

    /**
     * The loss of every lane on the full data set, into {@link #lossSum}, and for a classification task its
     * accuracy, into {@link #correct}; outside any step's rows and masks.
     */
    private void fullLoss() {
        boolean stepRows = fromLanes;
        boolean stepMasks = dropping;
        fromLanes = false;
        dropping = false;
        Arrays.fill(correct, 0.0);
        forwardRows(data.samples(), false);
        if (buffers.crossEntropy) {
            for (int i = 0; i < LANES; i++) {
                correct[i] = correct[i] / data.samples();   // as Loss.accuracy: (double) correct / n
            }
        }
        fromLanes = stepRows;
        dropping = stepMasks;
    }

    /**
     * A forward pass over n rows (the step's rows and masks where {@link #fromLanes} and {@link #dropping} say
     * so) that keeps every row for {@link LaneDifferences}; or, on the full data set, sums each lane's loss
     * into {@link #lossSum} (and counts its correct rows into {@link #correct} on a classification task).
     */
    private void forwardRows(int n, boolean keep) {
        double[] y = data.y.data;
        Activation f = model.activation();
        if (!keep) {
            Arrays.fill(lossSum, 0.0);
        }
        int s = 0;
        for (; s + SLOTS <= n; s += SLOTS) {
            for (int q = 0; q < SLOTS; q++) {
                loadInput(s + q, q);
            }
            LaneForward.block(buffers, f, s, dropping);
            for (int q = 0; q < SLOTS; q++) {
                rowDone(q, s + q, y, keep);
            }
        }
        for (; s < n; s++) {
            loadInput(s, 0);
            LaneForward.sample(buffers, f, s, dropping);
            rowDone(0, s, y, keep);
        }
        if (!keep) {
            LaneLoss.finish(buffers, lossSum, n);
        }
    }

    private void rowDone(int q, int s, double[] y, boolean keep) {
        if (keep) {
            differences.keep(buffers, q, s, dropping);
            return;
        }
        LaneLoss.addLoss(buffers, q, s, null, y, lossSum);
        if (buffers.crossEntropy) {
            LaneLoss.countCorrect(buffers, q, s, y, correct);
        }
    }

    /** Sample s's inputs into slot q: the lanes' own rows in a step that has them, else the shared data. */
    private void loadInput(int s, int q) {
        int d = buffers.fanIn[0];
        double[] in = buffers.input[q];
        if (fromLanes) {
            System.arraycopy(rows.x, LaneMath.O + s * d * LANES, in, LaneMath.O, d * LANES);
            return;
        }
        double[] x = data.x.data;
        for (int k = 0; k < d; k++) {
            DoubleVector.broadcast(LaneMath.S, x[s * d + k]).intoArray(in, LaneMath.O + k * LANES);
        }
    }

    private static long elapsedMs(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
