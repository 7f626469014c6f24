package tiebreak.core.lanes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import org.ejml.EjmlParameters;
import org.ejml.data.DMatrixRMaj;
import tiebreak.core.math.Rng;
import tiebreak.core.net.Activation;
import tiebreak.core.net.Parameters;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.Training;
import tiebreak.core.task.TaskData;
import tiebreak.core.tie.Checkpoint;
import tiebreak.core.tie.Measurements;
import tiebreak.core.tie.RunResult;
import tiebreak.core.tie.TieProbe;
import tiebreak.core.tie.TieSetup;
import tiebreak.core.train.CheckpointSchedule;
import tiebreak.core.train.FaultInjection;

/**
 * Trains up to {@link #LANES} runs of one {@link LaneBatch.Key} at once, run i in SIMD lane i, like vmap:
 * every parameter, activation and gradient element is a vector over runs. No operation ever mixes lanes,
 * and each lane goes through the scalar {@link tiebreak.core.train.Trainer}'s operations in the scalar order, so
 * each run's result is bit for bit the one it gets when trained alone.
 *
 * <p>One step is one pass over the samples: for sample s, forward through the layers, the output error,
 * backward, and each gradient element accumulated in ascending s, which is the order of EJML's products
 * in {@link tiebreak.core.net.Backprop}. Where EJML starts a sum at 0.0 rather than at its first product
 * (which matters only for the sign of a zero), so does this; the rules are EJML's dispatch rules. All
 * buffers are per sample, so the working set stays in L1 whatever n is. Not thread-safe; reuse one per
 * partition.
 *
 * <p>Samples go four at a time ({@link #forwardBlock}, {@link #backwardBlock}: each weight and gradient
 * element loaded once for four samples, several units or inputs per pass); the n mod 4 samples left over
 * take the one-sample {@link #forward} and {@link #backward}, which are the same sums written for one
 * sample. Padding the last block instead would add a dummy sample's zero products, and −0 + 0 is +0.
 */
public final class LaneTrainer {
    public static final int LANES = LaneMath.L;
    /** Where lane arrays start (see {@link LaneMath#O}). */
    private static final int O = LaneMath.O;
    private static final double ADAM_BETA1 = tiebreak.core.spec.OptimizerSpec.ADAM_BETA1;
    private static final double ADAM_BETA2 = tiebreak.core.spec.OptimizerSpec.ADAM_BETA2;
    private static final double EPS = tiebreak.core.spec.OptimizerSpec.EPS;
    /** Samples per block: each weight and gradient element is loaded once per block, not once per sample. */
    private static final int SLOTS = 4;

    private final TaskData data = new TaskData();
    private final Parameters scratch = new Parameters();
    private final double[] laneTemp = new double[LANES];

    private RunSpec model;
    private int layers;
    private int[] fanIn = new int[0];
    private int[] fanOut = new int[0];
    private boolean[] forwardFromZero = new boolean[0];
    private boolean[] gradientFromZero = new boolean[0];
    private boolean[] upstreamFromZero = new boolean[0];
    private double[][] theta = new double[0][];
    private double[][] grad = new double[0][];
    private double[][] first = new double[0][];
    private double[][] second = new double[0][];
    private double[][] rate = new double[0][];
    // per-sample buffers, one set per sample of a block of SLOTS samples: [slot][layer][O + unit * LANES + lane];
    // for a hidden layer pre, act and delta are one array (see shape), for the output layer three
    private double[][][] pre = new double[SLOTS][0][];
    private double[][][] act = new double[SLOTS][0][];
    private double[][][] delta = new double[SLOTS][0][];
    private double[][] input = new double[SLOTS][0];
    private double[] upstream = new double[0];     // δ_l W_lᵀ of one sample, under dropout and for the tail
    private final double[] lr = new double[LANES];
    private final Rng[] gradientNoise = new Rng[LANES];
    // minibatches and step noise: each lane's own rows of the step, inputs and targets interleaved by lane
    private final Rng[] batchOrder = new Rng[LANES];
    private final Rng[] stepNoise = new Rng[LANES];
    private int[][] order = new int[LANES][0];
    private final int[] orderPosition = new int[LANES];
    private double[] laneX = new double[0];
    private double[] laneY = new double[0];
    private boolean laneData;   // the run has per-lane rows (minibatches, input or label noise)
    private boolean fromLanes;  // the pass now running reads laneX/laneY, not the shared data
    // inverted dropout: per-lane masks of the step's rows, [layer][(row * width + unit) * LANES + lane]
    private final Rng[] dropoutStream = new Rng[LANES];
    private double[][] mask = new double[0][];
    private double[][][] dropped = new double[SLOTS][0][];
    private boolean dropout;    // the run has dropout
    private boolean dropping;   // the pass now running applies the masks (steps, not checkpoints)
    private boolean lossDue;    // the pass now running also sums the previous checkpoint's loss into lossSum
    private final double[] lossSum = new double[LANES];   // each lane's sum of squared errors, then its loss
    private int optimizer;
    private double beta;
    private double beta1Power;
    private double beta2Power;

    /**
     * Trains the given runs (1 to {@link #LANES}, all with the same {@link LaneBatch#key}) and returns
     * their results in the same order. A run that throws while being set up is recorded as failed, as
     * {@link tiebreak.core.train.Trainer#run} would record it.
     */
    public List<RunResult> train(List<RunSpec> specs) {
        if (specs.isEmpty() || specs.size() > LANES) {
            throw new IllegalArgumentException("expected 1 to " + LANES + " runs, got " + specs.size());
        }
        long start = System.nanoTime();
        RunSpec[] lane = new RunSpec[LANES];
        RunResult[] failed = new RunResult[specs.size()];
        shape(specs.get(0));
        int usable = -1;
        for (int i = 0; i < specs.size(); i++) {
            try {
                FaultInjection.check(specs.get(i));
                TieSetup.prepare(specs.get(i), scratch);
                pack(i, specs.get(i));
                lane[i] = specs.get(i);
                usable = i;
            } catch (RuntimeException | StackOverflowError e) {
                failed[i] = RunResult.failed(specs.get(i), elapsedMs(start), e);
            }
        }
        if (usable < 0) {
            return Arrays.asList(failed);
        }
        // Idle lanes train a copy of a usable run; their results are dropped.
        for (int i = 0; i < LANES; i++) {
            if (lane[i] == null) {
                copyLane(usable, i);
                lane[i] = specs.get(usable);
            }
        }
        List<List<Checkpoint>> checkpoints = trainLanes(lane, specs.size(), failed);
        long wallMs = elapsedMs(start) / specs.size();
        List<RunResult> results = new ArrayList<>(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            if (failed[i] != null) {
                results.add(failed[i]);
                continue;
            }
            List<Checkpoint> c = checkpoints.get(i);
            boolean finite = isFinite(c.get(c.size() - 1)) && laneFinite(i);
            results.add(Measurements.summarise(specs.get(i), c, finite, wallMs));
        }
        return results;
    }

    /** The parameters of lane i as they are now, in {@code into} (shaped by the caller's widths); for tests. */
    public void parameters(int i, Parameters into) {
        unpack(i, into);
    }

    private List<List<Checkpoint>> trainLanes(RunSpec[] lane, int reported, RunResult[] failed) {
        int[] schedule = CheckpointSchedule.logSpaced(model.steps(), model.checkpoints());
        TieProbe[] probes = new TieProbe[reported];
        List<List<Checkpoint>> checkpoints = new ArrayList<>(reported);
        boolean[] live = new boolean[reported];
        for (int i = 0; i < reported; i++) {
            checkpoints.add(new ArrayList<>(schedule.length));
            if (failed[i] == null) {
                probes[i] = new TieProbe(lane[i]);
                live[i] = true;
            }
        }
        // On the shared data set (no minibatches, noise or dropout) a step's forward pass computes the very
        // outputs the previous checkpoint's loss needs: that loss is summed during the pass, in the same order,
        // and the checkpoint taken before the update, instead of a forward pass of its own.
        boolean reuse = !laneData;
        int pending = reuse ? 0 : -1;   // the step whose checkpoint waits for the next pass
        boolean anyLive = reuse || measure(0, probes, checkpoints, live);
        int next = 1;
        for (int step = 1; step <= model.steps() && anyLive; step++) {
            lossDue = pending >= 0;
            if (lossDue) {
                Arrays.fill(lossSum, 0.0);
            }
            pass();
            if (lossDue) {
                lossDue = false;
                meanOfSquaredErrors();
                anyLive = record(pending, probes, checkpoints, live);
                pending = -1;
                if (!anyLive) {
                    break;      // the scalar loop stops here too, before this step's update
                }
            }
            apply();
            if (step == schedule[next]) {
                if (reuse && step < model.steps()) {
                    pending = step;
                } else {
                    anyLive = measure(step, probes, checkpoints, live);
                }
                next++;
            }
        }
        if (pending >= 0 && anyLive) {
            measure(pending, probes, checkpoints, live);     // no step followed it
        }
        return checkpoints;
    }

    /** Checkpoints every live lane; a lane whose checkpoint is not finite stops, as the scalar loop does. */
    private boolean measure(int step, TieProbe[] probes, List<List<Checkpoint>> checkpoints, boolean[] live) {
        fullLoss();
        return record(step, probes, checkpoints, live);
    }

    /** {@link #measure} with every lane's loss already in {@link #lossSum}. */
    private boolean record(int step, TieProbe[] probes, List<List<Checkpoint>> checkpoints, boolean[] live) {
        boolean anyLive = false;
        for (int i = 0; i < probes.length; i++) {
            if (!live[i]) {
                continue;
            }
            unpack(i, scratch);
            Checkpoint c = probes[i].measure(step, scratch, lossSum[i], Double.NaN);
            checkpoints.get(i).add(c);
            live[i] = isFinite(c);
            anyLive |= live[i];
        }
        return anyLive;
    }

    /** Buffers and EJML's summation rules for this architecture, the data set and the optimizer's constants. */
    private void shape(RunSpec spec) {
        boolean sameShape = model != null && model.widths().equals(spec.widths())
                && (model.training().lrJitter() > 0) == (spec.training().lrJitter() > 0);
        boolean sameData = sameShape && model.task().equals(spec.task()) && model.dataSeed() == spec.dataSeed();
        model = spec;
        optimizer = switch (spec.training().optimizer().kind()) {
            case SGD -> 0;
            case MOMENTUM -> 1;
            case RMSPROP -> 2;
            case ADAM -> 3;
        };
        beta = spec.training().optimizer().beta();
        beta1Power = 1.0;
        beta2Power = 1.0;
        if (sameShape) {
            if (!sameData) {
                data.generate(spec.task(), spec.dataSeed());
            }
            shapeLaneData(spec);
            return;     // pack() resets every lane's parameters and optimizer state
        }
        List<Integer> widths = spec.widths();
        layers = widths.size() - 1;
        fanIn = new int[layers];
        fanOut = new int[layers];
        forwardFromZero = new boolean[layers];
        gradientFromZero = new boolean[layers];
        upstreamFromZero = new boolean[layers];
        theta = new double[2 * layers][];
        grad = new double[2 * layers][];
        first = new double[2 * layers][];
        second = new double[2 * layers][];
        rate = new double[2 * layers][];
        pre = new double[SLOTS][layers][];
        act = new double[SLOTS][layers][];
        delta = new double[SLOTS][layers][];
        int widest = 0;
        int sw = EjmlParameters.MULT_COLUMN_SWITCH;
        for (int l = 0; l < layers; l++) {
            int fi = widths.get(l);
            int fo = widths.get(l + 1);
            fanIn[l] = fi;
            fanOut[l] = fo;
            // CommonOps_DDRM.mult: a vector product or mult_reorder start at the first product, mult_small at 0
            forwardFromZero[l] = fo != 1 && fo < sw;
            // multTransA: the _reorder variants start at the first product, the _small ones at 0
            gradientFromZero[l] = fo == 1 ? fi < sw : fi < sw && fo < sw;
            // multTransB: MatrixMatrixMult.multTransB starts at 0, a vector product (one row) at the first product
            upstreamFromZero[l] = fi != 1;
            for (int b = 2 * l; b <= 2 * l + 1; b++) {
                int size = (b == 2 * l ? fi * fo : fo) * LANES;
                theta[b] = LaneMath.buffer(size);
                grad[b] = LaneMath.buffer(size);
                first[b] = LaneMath.buffer(size);
                second[b] = LaneMath.buffer(size);
                rate[b] = spec.training().lrJitter() > 0 ? LaneMath.buffer(size) : null;
            }
            for (int q = 0; q < SLOTS; q++) {
                pre[q][l] = LaneMath.buffer(fo * LANES);
                // A hidden layer's sample buffer holds its pre-activations, then its activations (every f' here
                // is read from the activation: relu's z > 0 is a > 0), then its errors, each written over the last
                // once read (the layer's activations are read as the next layer's gradient input before its
                // errors are written, element by element). One buffer instead of three keeps the working set in
                // L1: +8% for the activations, and more for the errors.
                boolean hidden = l < layers - 1;
                act[q][l] = hidden ? pre[q][l] : LaneMath.buffer(fo * LANES);
                delta[q][l] = hidden ? pre[q][l] : LaneMath.buffer(fo * LANES);
            }
            widest = Math.max(widest, Math.max(fi, fo));
        }
        input = new double[SLOTS][];
        for (int q = 0; q < SLOTS; q++) {
            input[q] = LaneMath.buffer(widths.get(0) * LANES);
        }
        upstream = LaneMath.buffer(widest * LANES);
        data.generate(spec.task(), spec.dataSeed());
        scratch.reshape(widths);
        mask = new double[0][];     // other widths: the dropout buffers are shaped afresh
        shapeLaneData(spec);
    }

    /** Buffers for per-lane rows, when the run needs them (allocates only when they must grow). */
    private void shapeLaneData(RunSpec spec) {
        Training t = spec.training();
        laneData = t.batchSize() > 0 || t.inputNoise() > 0 || t.labelNoise() > 0 || t.dropout() > 0;
        int n = data.samples();
        if (laneData && laneX.length < O + n * fanIn[0] * LANES) {
            laneX = LaneMath.buffer(n * fanIn[0] * LANES);
        }
        if (laneData && laneY.length < O + n * fanOut[layers - 1] * LANES) {
            laneY = LaneMath.buffer(n * fanOut[layers - 1] * LANES);
        }
        if (laneData && order[0].length < n) {
            order = new int[LANES][n];
        }
        dropout = t.dropout() > 0;
        if (dropout && (mask.length != layers || mask[0] == null || mask[0].length < O + n * fanOut[0] * LANES)) {
            mask = new double[layers][];
            dropped = new double[SLOTS][layers][];
            for (int l = 0; l < layers - 1; l++) {
                mask[l] = LaneMath.buffer(n * fanOut[l] * LANES);
                for (int q = 0; q < SLOTS; q++) {
                    dropped[q][l] = LaneMath.buffer(fanOut[l] * LANES);
                }
            }
        }
    }

    /** Lane i takes the parameters in {@code scratch}, the run's learning rate and its random streams. */
    private void pack(int i, RunSpec spec) {
        for (int b = 0; b < 2 * layers; b++) {
            double[] source = scratch.block(b).data;
            int size = scratch.block(b).getNumElements();
            for (int e = 0; e < size; e++) {
                theta[b][O + e * LANES + i] = source[e];
                first[b][O + e * LANES + i] = 0.0;
                second[b][O + e * LANES + i] = 0.0;
            }
        }
        lr[i] = spec.lr();
        gradientNoise[i] = Rng.stream(spec.initSeed(), Rng.Purpose.GRADIENT_NOISE);
        batchOrder[i] = Rng.stream(spec.initSeed(), Rng.Purpose.BATCH_ORDER);
        stepNoise[i] = Rng.stream(spec.initSeed(), Rng.Purpose.STEP_NOISE);
        dropoutStream[i] = Rng.stream(spec.initSeed(), Rng.Purpose.DROPOUT);
        orderPosition[i] = data.samples();     // the first batch shuffles, as in the scalar Trainer
        if (spec.training().lrJitter() > 0) {
            // the scalar Trainer's per-parameter factors, block by block in element order
            Rng rng = Rng.stream(spec.initSeed(), Rng.Purpose.LR_JITTER);
            for (int b = 0; b < 2 * layers; b++) {
                int size = (rate[b].length - O) / LANES;
                for (int e = 0; e < size; e++) {
                    rate[b][O + e * LANES + i] = Math.max(1.0 + spec.training().lrJitter() * rng.nextGaussian(), 0.01);
                }
            }
        }
    }

    private void copyLane(int from, int to) {
        for (int b = 0; b < 2 * layers; b++) {
            for (double[] array : new double[][] {theta[b], first[b], second[b], rate[b]}) {
                if (array != null) {
                    for (int e = O; e < array.length; e += LANES) {
                        array[e + to] = array[e + from];
                    }
                }
            }
        }
        lr[to] = lr[from];
        gradientNoise[to] = Rng.stream(model.initSeed(), Rng.Purpose.GRADIENT_NOISE);
        batchOrder[to] = Rng.stream(model.initSeed(), Rng.Purpose.BATCH_ORDER);
        stepNoise[to] = Rng.stream(model.initSeed(), Rng.Purpose.STEP_NOISE);
        dropoutStream[to] = Rng.stream(model.initSeed(), Rng.Purpose.DROPOUT);
        orderPosition[to] = data.samples();
    }

    private void unpack(int i, Parameters into) {
        for (int b = 0; b < 2 * layers; b++) {
            DMatrixRMaj block = into.block(b);
            int size = block.getNumElements();
            for (int e = 0; e < size; e++) {
                block.data[e] = theta[b][O + e * LANES + i];
            }
        }
    }

    /** One step's pass over the rows for every lane: outputs, errors, gradients. Allocates nothing. */
    private void pass() {
        beta1Power *= ADAM_BETA1;
        beta2Power *= ADAM_BETA2;
        int n = laneData ? laneRows() : data.samples();
        fromLanes = laneData;
        dropping = dropout;
        int s = 0;
        for (; s + SLOTS <= n; s += SLOTS) {
            for (int q = 0; q < SLOTS; q++) {
                loadInput(s + q, q);
            }
            forwardBlock(s);
            for (int q = 0; q < SLOTS; q++) {
                outputError(s + q, n, q);
            }
            backwardBlock(s);
        }
        for (; s < n; s++) {
            forward(s);
            outputError(s, n, 0);
            backward(s);
        }
        fromLanes = false;
        dropping = false;
    }

    /** The step's update of every lane, from the gradients of its {@link #pass}. Allocates nothing. */
    private void apply() {
        decayAndNoise();
        for (int b = 0; b < 2 * layers; b++) {
            update(b);
        }
    }

    /**
     * Each lane's rows for this step, as the scalar Trainer picks them: the next minibatch of its own
     * permutation (or every sample), then fresh input noise over the rows in row-major order, then label
     * noise, all from the lane's own streams. Returns the row count.
     */
    private int laneRows() {
        Training t = model.training();
        int n = data.samples();
        int rows = t.batchSize() > 0 ? t.batchSize() : n;
        int d = fanIn[0];
        int k = fanOut[layers - 1];
        double[] x = data.x.data;
        double[] y = data.y.data;
        for (int i = 0; i < LANES; i++) {
            int[] o = order[i];
            if (t.batchSize() > 0 && orderPosition[i] + rows > n) {
                shuffle(i, n);
            }
            for (int r = 0; r < rows; r++) {
                int sample = t.batchSize() > 0 ? o[orderPosition[i] + r] : r;
                for (int c = 0; c < d; c++) {
                    laneX[O + (r * d + c) * LANES + i] = x[sample * d + c];
                }
                for (int c = 0; c < k; c++) {
                    laneY[O + (r * k + c) * LANES + i] = y[sample * k + c];
                }
            }
            if (t.batchSize() > 0) {
                orderPosition[i] += rows;
            }
            if (t.inputNoise() > 0) {
                for (int e = 0; e < rows * d; e++) {
                    laneX[O + e * LANES + i] = laneX[O + e * LANES + i] + t.inputNoise() * stepNoise[i].nextGaussian();
                }
            }
            if (t.labelNoise() > 0) {
                for (int e = 0; e < rows * k; e++) {
                    laneY[O + e * LANES + i] = laneY[O + e * LANES + i] + t.labelNoise() * stepNoise[i].nextGaussian();
                }
            }
            if (dropout) {
                // each hidden unit of each row kept with probability 1 − p, scaled by 1/(1 − p)
                double p = t.dropout();
                double kept = 1.0 / (1.0 - p);
                for (int l = 0; l < layers - 1; l++) {
                    for (int e = 0; e < rows * fanOut[l]; e++) {
                        mask[l][O + e * LANES + i] = dropoutStream[i].nextDouble() < p ? 0.0 : kept;
                    }
                }
            }
        }
        return rows;
    }

    /** Fisher-Yates from lane i's batch-order stream, as the scalar Trainer shuffles. */
    private void shuffle(int i, int n) {
        int[] o = order[i];
        for (int s = 0; s < n; s++) {
            o[s] = s;
        }
        for (int s = n - 1; s > 0; s--) {
            int j = batchOrder[i].nextInt(s + 1);
            int swap = o[s];
            o[s] = o[j];
            o[j] = swap;
        }
        orderPosition[i] = 0;
    }

    /** The loss of every lane on the full data set, into {@link #lossSum}: MSE's sum of r² in sample order. */
    private void fullLoss() {
        int n = data.samples();
        int k = fanOut[layers - 1];
        double[] out = pre[0][layers - 1];
        double[] y = data.y.data;
        // the running sums live in an array, not a vector variable: a vector live across the forward(s)
        // call would be boxed on every sample
        Arrays.fill(lossSum, 0.0);
        int s = 0;
        for (; s + SLOTS <= n; s += SLOTS) {
            for (int q = 0; q < SLOTS; q++) {
                loadInput(s + q, q);
            }
            forwardBlock(s);
            for (int q = 0; q < SLOTS; q++) {
                addSquaredErrors(pre[q][layers - 1], y, (s + q) * k, k, lossSum);
            }
        }
        for (; s < n; s++) {
            forward(s);
            addSquaredErrors(out, y, s * k, k, lossSum);
        }
        meanOfSquaredErrors();
    }

    /** {@link #lossSum}, each lane's sum of squared errors over the data set, becomes MSE's loss: sum / 2n. */
    private void meanOfSquaredErrors() {
        DoubleVector.fromArray(LaneMath.S, lossSum, 0).div(2.0 * data.samples()).intoArray(lossSum, 0);
    }

    /** loss += (ŷ_c − y_c)² for c < k, in output order (one sample's terms of MSE's sum). */
    private static void addSquaredErrors(double[] out, double[] y, int from, int k, double[] loss) {
        for (int c = 0; c < k; c++) {
            DoubleVector r = DoubleVector.fromArray(LaneMath.S, out, O + c * LANES).sub(y[from + c]);
            DoubleVector.fromArray(LaneMath.S, loss, 0).add(r.mul(r)).intoArray(loss, 0);
        }
    }

    /** The input of layer l for the sample in slot q: the data, or the previous layer's (dropped) activations. */
    private double[] layerInput(int q, int l) {
        return l == 0 ? input[q] : dropping ? dropped[q][l - 1] : act[q][l - 1];
    }

    /** A_l ⊙ M_l for the sample of row s (in slot q), the next layer's input under dropout. */
    private void drop(int q, int l, int s) {
        int width = fanOut[l];
        for (int u = 0; u < width; u++) {
            DoubleVector.fromArray(LaneMath.S, act[q][l], O + u * LANES)
                    .mul(DoubleVector.fromArray(LaneMath.S, mask[l], O + (s * width + u) * LANES))
                    .intoArray(dropped[q][l], O + u * LANES);
        }
    }

    /** upstream ⊙ M_l for the sample of row s, under dropout. */
    private void dropUpstream(int l, int s) {
        int width = fanOut[l];
        for (int u = 0; u < width; u++) {
            DoubleVector.fromArray(LaneMath.S, upstream, O + u * LANES)
                    .mul(DoubleVector.fromArray(LaneMath.S, mask[l], O + (s * width + u) * LANES))
                    .intoArray(upstream, O + u * LANES);
        }
    }

    /** Sample s's inputs into slot q: the lanes' own rows in a step that has them, else shared data. */
    private void loadInput(int s, int q) {
        int d = fanIn[0];
        if (fromLanes) {
            System.arraycopy(laneX, O + s * d * LANES, input[q], O, d * LANES);
            return;
        }
        double[] x = data.x.data;
        for (int k = 0; k < d; k++) {
            DoubleVector.broadcast(LaneMath.S, x[s * d + k]).intoArray(input[q], O + k * LANES);
        }
    }

    /** Z_l = A_{l−1} W_l + b_l and A_l = f(Z_l) for one sample (in slot 0), every lane. */
    private void forward(int s) {
        loadInput(s, 0);
        Activation f = model.activation();
        double[][] act = this.act[0];
        for (int l = 0; l < layers; l++) {
            double[] in = layerInput(0, l);
            double[] w = theta[2 * l];
            double[] bias = theta[2 * l + 1];
            double[] z = pre[0][l];
            int fi = fanIn[l];
            int fo = fanOut[l];
            boolean fromZero = forwardFromZero[l];
            for (int j = 0; j < fo; j++) {
                DoubleVector acc = DoubleVector.fromArray(LaneMath.S, in, O)
                        .mul(DoubleVector.fromArray(LaneMath.S, w, O + j * LANES));
                if (fromZero) {
                    acc = DoubleVector.zero(LaneMath.S).add(acc);
                }
                for (int k = 1; k < fi; k++) {
                    acc = acc.add(DoubleVector.fromArray(LaneMath.S, in, O + k * LANES)
                            .mul(DoubleVector.fromArray(LaneMath.S, w, O + (k * fo + j) * LANES)));
                }
                acc.add(DoubleVector.fromArray(LaneMath.S, bias, O + j * LANES)).intoArray(z, O + j * LANES);
            }
            if (l < layers - 1) {
                LaneMath.forward(f, z, act[l], fo * LANES);
                if (dropping) {
                    drop(0, l, s);
                }
            }
        }
    }

    /** dLoss/dŷ = (ŷ − y)/n for sample s in slot q (MSE). */
    private void outputError(int s, int n, int q) {
        int k = fanOut[layers - 1];
        double[] out = pre[q][layers - 1];
        double[] dOut = delta[q][layers - 1];
        double[] y = data.y.data;
        double rows = n;
        // x/n and x·(1/n) are both x/n correctly rounded when 1/n is exact, i.e. n a power of two: the same
        // bits without a division, whose latency sits on the path from the forward pass to the backward one
        boolean exact = Integer.bitCount(n) == 1;
        double inverse = 1.0 / n;
        for (int c = 0; c < k; c++) {
            DoubleVector target = fromLanes ? DoubleVector.fromArray(LaneMath.S, laneY, O + (s * k + c) * LANES)
                    : DoubleVector.broadcast(LaneMath.S, y[s * k + c]);
            DoubleVector r = DoubleVector.fromArray(LaneMath.S, out, O + c * LANES).sub(target);
            (exact ? r.mul(inverse) : r.div(rows)).intoArray(dOut, O + c * LANES);
        }
        if (lossDue) {      // only on the shared data set, whose targets are y
            addSquaredErrors(out, y, s * k, k, lossSum);
        }
    }

    /** Adds sample s's share (slot 0) to every gradient element, and sends its error back a layer. */
    private void backward(int s) {
        Activation f = model.activation();
        for (int l = layers - 1; l >= 0; l--) {
            double[] in = layerInput(0, l);
            double[] dl = delta[0][l];
            double[] gw = grad[2 * l];
            double[] gb = grad[2 * l + 1];
            int fi = fanIn[l];
            int fo = fanOut[l];
            boolean fromZero = gradientFromZero[l];
            for (int k = 0; k < fi; k++) {
                DoubleVector iv = DoubleVector.fromArray(LaneMath.S, in, O + k * LANES);
                for (int j = 0; j < fo; j++) {
                    int at = (k * fo + j) * LANES;
                    DoubleVector p = iv.mul(DoubleVector.fromArray(LaneMath.S, dl, O + j * LANES));
                    if (s > 0) {
                        p = DoubleVector.fromArray(LaneMath.S, gw, O + at).add(p);
                    } else if (fromZero) {
                        p = DoubleVector.zero(LaneMath.S).add(p);
                    }
                    p.intoArray(gw, O + at);
                }
            }
            for (int j = 0; j < fo; j++) {
                DoubleVector dv = DoubleVector.fromArray(LaneMath.S, dl, O + j * LANES);
                DoubleVector sum = s > 0 ? DoubleVector.fromArray(LaneMath.S, gb, O + j * LANES)
                        : DoubleVector.zero(LaneMath.S);
                sum.add(dv).intoArray(gb, O + j * LANES);
            }
            if (l == 0) {
                break;
            }
            errorsBelow(0, l, s, f);
        }
    }

    /**
     * The errors of layer l − 1 for the sample of row s in slot q: δ_l W_lᵀ (EJML's multTransB order), times
     * the dropout mask under dropout, times f'. The one-sample form of {@link #deltasBelow}.
     */
    private void errorsBelow(int q, int l, int s, Activation f) {
        double[] dl = delta[q][l];
        double[] w = theta[2 * l];
        int fi = fanIn[l];
        int fo = fanOut[l];
        for (int j = 0; j < fi; j++) {
            DoubleVector acc = DoubleVector.fromArray(LaneMath.S, dl, O)
                    .mul(DoubleVector.fromArray(LaneMath.S, w, O + j * fo * LANES));
            if (upstreamFromZero[l]) {
                acc = DoubleVector.zero(LaneMath.S).add(acc);
            }
            for (int c = 1; c < fo; c++) {
                acc = acc.add(DoubleVector.fromArray(LaneMath.S, dl, O + c * LANES)
                        .mul(DoubleVector.fromArray(LaneMath.S, w, O + (j * fo + c) * LANES)));
            }
            acc.intoArray(upstream, O + j * LANES);
        }
        if (dropping) {
            dropUpstream(l - 1, s);
        }
        LaneMath.backward(f, upstream, act[q][l - 1], delta[q][l - 1], fi * LANES);
    }

    /** {@link #forward} for the SLOTS samples in the slots at once: each weight loaded once for all four. */
    private void forwardBlock(int s) {
        Activation f = model.activation();
        for (int l = 0; l < layers; l++) {
            double[] in0 = layerInput(0, l);
            double[] in1 = layerInput(1, l);
            double[] in2 = layerInput(2, l);
            double[] in3 = layerInput(3, l);
            double[] w = theta[2 * l];
            double[] bias = theta[2 * l + 1];
            int fi = fanIn[l];
            int fo = fanOut[l];
            boolean fromZero = forwardFromZero[l];
            int j = 0;
            // four units at a time: 16 sums in registers, each weight and input loaded once per 16 products
            for (; j + 4 <= fo; j += 4) {
                DoubleVector x0 = DoubleVector.fromArray(LaneMath.S, in0, O);
                DoubleVector x1 = DoubleVector.fromArray(LaneMath.S, in1, O);
                DoubleVector x2 = DoubleVector.fromArray(LaneMath.S, in2, O);
                DoubleVector x3 = DoubleVector.fromArray(LaneMath.S, in3, O);
                DoubleVector wa = DoubleVector.fromArray(LaneMath.S, w, O + j * LANES);
                DoubleVector wb = DoubleVector.fromArray(LaneMath.S, w, O + (j + 1) * LANES);
                DoubleVector wc = DoubleVector.fromArray(LaneMath.S, w, O + (j + 2) * LANES);
                DoubleVector wd = DoubleVector.fromArray(LaneMath.S, w, O + (j + 3) * LANES);
                DoubleVector a0 = x0.mul(wa), a1 = x1.mul(wa), a2 = x2.mul(wa), a3 = x3.mul(wa);
                DoubleVector b0 = x0.mul(wb), b1 = x1.mul(wb), b2 = x2.mul(wb), b3 = x3.mul(wb);
                DoubleVector c0 = x0.mul(wc), c1 = x1.mul(wc), c2 = x2.mul(wc), c3 = x3.mul(wc);
                DoubleVector d0 = x0.mul(wd), d1 = x1.mul(wd), d2 = x2.mul(wd), d3 = x3.mul(wd);
                if (fromZero) {
                    DoubleVector z = DoubleVector.zero(LaneMath.S);
                    a0 = z.add(a0); a1 = z.add(a1); a2 = z.add(a2); a3 = z.add(a3);
                    b0 = z.add(b0); b1 = z.add(b1); b2 = z.add(b2); b3 = z.add(b3);
                    c0 = z.add(c0); c1 = z.add(c1); c2 = z.add(c2); c3 = z.add(c3);
                    d0 = z.add(d0); d1 = z.add(d1); d2 = z.add(d2); d3 = z.add(d3);
                }
                for (int k = 1; k < fi; k++) {
                    int row = (k * fo + j) * LANES;
                    x0 = DoubleVector.fromArray(LaneMath.S, in0, O + k * LANES);
                    x1 = DoubleVector.fromArray(LaneMath.S, in1, O + k * LANES);
                    x2 = DoubleVector.fromArray(LaneMath.S, in2, O + k * LANES);
                    x3 = DoubleVector.fromArray(LaneMath.S, in3, O + k * LANES);
                    wa = DoubleVector.fromArray(LaneMath.S, w, O + row);
                    wb = DoubleVector.fromArray(LaneMath.S, w, O + row + LANES);
                    wc = DoubleVector.fromArray(LaneMath.S, w, O + row + 2 * LANES);
                    wd = DoubleVector.fromArray(LaneMath.S, w, O + row + 3 * LANES);
                    a0 = a0.add(x0.mul(wa)); a1 = a1.add(x1.mul(wa)); a2 = a2.add(x2.mul(wa)); a3 = a3.add(x3.mul(wa));
                    b0 = b0.add(x0.mul(wb)); b1 = b1.add(x1.mul(wb)); b2 = b2.add(x2.mul(wb)); b3 = b3.add(x3.mul(wb));
                    c0 = c0.add(x0.mul(wc)); c1 = c1.add(x1.mul(wc)); c2 = c2.add(x2.mul(wc)); c3 = c3.add(x3.mul(wc));
                    d0 = d0.add(x0.mul(wd)); d1 = d1.add(x1.mul(wd)); d2 = d2.add(x2.mul(wd)); d3 = d3.add(x3.mul(wd));
                }
                int at = j * LANES;
                DoubleVector ba = DoubleVector.fromArray(LaneMath.S, bias, O + at);
                DoubleVector bb = DoubleVector.fromArray(LaneMath.S, bias, O + at + LANES);
                DoubleVector bc = DoubleVector.fromArray(LaneMath.S, bias, O + at + 2 * LANES);
                DoubleVector bd = DoubleVector.fromArray(LaneMath.S, bias, O + at + 3 * LANES);
                double[] z0 = pre[0][l], z1 = pre[1][l], z2 = pre[2][l], z3 = pre[3][l];
                a0.add(ba).intoArray(z0, O + at); b0.add(bb).intoArray(z0, O + at + LANES);
                c0.add(bc).intoArray(z0, O + at + 2 * LANES); d0.add(bd).intoArray(z0, O + at + 3 * LANES);
                a1.add(ba).intoArray(z1, O + at); b1.add(bb).intoArray(z1, O + at + LANES);
                c1.add(bc).intoArray(z1, O + at + 2 * LANES); d1.add(bd).intoArray(z1, O + at + 3 * LANES);
                a2.add(ba).intoArray(z2, O + at); b2.add(bb).intoArray(z2, O + at + LANES);
                c2.add(bc).intoArray(z2, O + at + 2 * LANES); d2.add(bd).intoArray(z2, O + at + 3 * LANES);
                a3.add(ba).intoArray(z3, O + at); b3.add(bb).intoArray(z3, O + at + LANES);
                c3.add(bc).intoArray(z3, O + at + 2 * LANES); d3.add(bd).intoArray(z3, O + at + 3 * LANES);
            }
            for (; j < fo; j++) {
                DoubleVector wv = DoubleVector.fromArray(LaneMath.S, w, O + j * LANES);
                DoubleVector a0 = DoubleVector.fromArray(LaneMath.S, in0, O).mul(wv);
                DoubleVector a1 = DoubleVector.fromArray(LaneMath.S, in1, O).mul(wv);
                DoubleVector a2 = DoubleVector.fromArray(LaneMath.S, in2, O).mul(wv);
                DoubleVector a3 = DoubleVector.fromArray(LaneMath.S, in3, O).mul(wv);
                if (fromZero) {
                    DoubleVector zero = DoubleVector.zero(LaneMath.S);
                    a0 = zero.add(a0);
                    a1 = zero.add(a1);
                    a2 = zero.add(a2);
                    a3 = zero.add(a3);
                }
                for (int k = 1; k < fi; k++) {
                    wv = DoubleVector.fromArray(LaneMath.S, w, O + (k * fo + j) * LANES);
                    a0 = a0.add(DoubleVector.fromArray(LaneMath.S, in0, O + k * LANES).mul(wv));
                    a1 = a1.add(DoubleVector.fromArray(LaneMath.S, in1, O + k * LANES).mul(wv));
                    a2 = a2.add(DoubleVector.fromArray(LaneMath.S, in2, O + k * LANES).mul(wv));
                    a3 = a3.add(DoubleVector.fromArray(LaneMath.S, in3, O + k * LANES).mul(wv));
                }
                DoubleVector b = DoubleVector.fromArray(LaneMath.S, bias, O + j * LANES);
                a0.add(b).intoArray(pre[0][l], O + j * LANES);
                a1.add(b).intoArray(pre[1][l], O + j * LANES);
                a2.add(b).intoArray(pre[2][l], O + j * LANES);
                a3.add(b).intoArray(pre[3][l], O + j * LANES);
            }
            if (l < layers - 1) {
                for (int q = 0; q < SLOTS; q++) {
                    LaneMath.forward(f, pre[q][l], act[q][l], fo * LANES);
                    if (dropping) {
                        drop(q, l, s + q);
                    }
                }
            }
        }
    }

    /**
     * {@link #backward} for samples s..s+3 in the slots: each gradient element is loaded once, gets the four
     * samples' products added in sample order, and is stored once.
     */
    private void backwardBlock(int s) {
        Activation f = model.activation();
        for (int l = layers - 1; l >= 0; l--) {
            double[] in0 = layerInput(0, l);
            double[] in1 = layerInput(1, l);
            double[] in2 = layerInput(2, l);
            double[] in3 = layerInput(3, l);
            double[] d0 = delta[0][l];
            double[] d1 = delta[1][l];
            double[] d2 = delta[2][l];
            double[] d3 = delta[3][l];
            double[] gw = grad[2 * l];
            double[] gb = grad[2 * l + 1];
            int fi = fanIn[l];
            int fo = fanOut[l];
            boolean fromZero = gradientFromZero[l];
            int k = 0;
            // two inputs at a time: each sample's error loaded once for two gradient elements
            for (; k + 2 <= fi; k += 2) {
                DoubleVector i0 = DoubleVector.fromArray(LaneMath.S, in0, O + k * LANES);
                DoubleVector i1 = DoubleVector.fromArray(LaneMath.S, in1, O + k * LANES);
                DoubleVector i2 = DoubleVector.fromArray(LaneMath.S, in2, O + k * LANES);
                DoubleVector i3 = DoubleVector.fromArray(LaneMath.S, in3, O + k * LANES);
                DoubleVector h0 = DoubleVector.fromArray(LaneMath.S, in0, O + (k + 1) * LANES);
                DoubleVector h1 = DoubleVector.fromArray(LaneMath.S, in1, O + (k + 1) * LANES);
                DoubleVector h2 = DoubleVector.fromArray(LaneMath.S, in2, O + (k + 1) * LANES);
                DoubleVector h3 = DoubleVector.fromArray(LaneMath.S, in3, O + (k + 1) * LANES);
                for (int j = 0; j < fo; j++) {
                    int at = (k * fo + j) * LANES;
                    int next = at + fo * LANES;
                    DoubleVector e0 = DoubleVector.fromArray(LaneMath.S, d0, O + j * LANES);
                    DoubleVector e1 = DoubleVector.fromArray(LaneMath.S, d1, O + j * LANES);
                    DoubleVector e2 = DoubleVector.fromArray(LaneMath.S, d2, O + j * LANES);
                    DoubleVector e3 = DoubleVector.fromArray(LaneMath.S, d3, O + j * LANES);
                    DoubleVector g = i0.mul(e0);
                    DoubleVector u = h0.mul(e0);
                    if (s > 0) {
                        g = DoubleVector.fromArray(LaneMath.S, gw, O + at).add(g);
                        u = DoubleVector.fromArray(LaneMath.S, gw, O + next).add(u);
                    } else if (fromZero) {
                        g = DoubleVector.zero(LaneMath.S).add(g);
                        u = DoubleVector.zero(LaneMath.S).add(u);
                    }
                    g = g.add(i1.mul(e1)).add(i2.mul(e2)).add(i3.mul(e3));
                    u = u.add(h1.mul(e1)).add(h2.mul(e2)).add(h3.mul(e3));
                    g.intoArray(gw, O + at);
                    u.intoArray(gw, O + next);
                }
            }
            for (; k < fi; k++) {
                DoubleVector i0 = DoubleVector.fromArray(LaneMath.S, in0, O + k * LANES);
                DoubleVector i1 = DoubleVector.fromArray(LaneMath.S, in1, O + k * LANES);
                DoubleVector i2 = DoubleVector.fromArray(LaneMath.S, in2, O + k * LANES);
                DoubleVector i3 = DoubleVector.fromArray(LaneMath.S, in3, O + k * LANES);
                for (int j = 0; j < fo; j++) {
                    int at = (k * fo + j) * LANES;
                    DoubleVector g = i0.mul(DoubleVector.fromArray(LaneMath.S, d0, O + j * LANES));
                    if (s > 0) {
                        g = DoubleVector.fromArray(LaneMath.S, gw, O + at).add(g);
                    } else if (fromZero) {
                        g = DoubleVector.zero(LaneMath.S).add(g);
                    }
                    g = g.add(i1.mul(DoubleVector.fromArray(LaneMath.S, d1, O + j * LANES)));
                    g = g.add(i2.mul(DoubleVector.fromArray(LaneMath.S, d2, O + j * LANES)));
                    g = g.add(i3.mul(DoubleVector.fromArray(LaneMath.S, d3, O + j * LANES)));
                    g.intoArray(gw, O + at);
                }
            }
            for (int j = 0; j < fo; j++) {
                DoubleVector sum = s > 0 ? DoubleVector.fromArray(LaneMath.S, gb, O + j * LANES)
                        : DoubleVector.zero(LaneMath.S);
                sum = sum.add(DoubleVector.fromArray(LaneMath.S, d0, O + j * LANES));
                sum = sum.add(DoubleVector.fromArray(LaneMath.S, d1, O + j * LANES));
                sum = sum.add(DoubleVector.fromArray(LaneMath.S, d2, O + j * LANES));
                sum = sum.add(DoubleVector.fromArray(LaneMath.S, d3, O + j * LANES));
                sum.intoArray(gb, O + j * LANES);
            }
            if (l == 0) {
                break;
            }
            if (dropping) {
                for (int q = 0; q < SLOTS; q++) {
                    errorsBelow(q, l, s + q, f);
                }
            } else {
                deltasBelow(l, f);
            }
        }
    }

    /**
     * The errors of layer l − 1 for the four samples of a block, without dropout: each unit's upstream sum
     * (δ_l W_lᵀ, EJML's multTransB order) times f' at once, never stored as an upstream vector and read back;
     * the four samples' sums side by side. The same expressions as {@link LaneMath#backward}.
     */
    private void deltasBelow(int l, Activation f) {
        double[] w = theta[2 * l];
        int fi = fanIn[l];
        int fo = fanOut[l];
        boolean fromZero = upstreamFromZero[l];
        double[] d0 = delta[0][l], d1 = delta[1][l], d2 = delta[2][l], d3 = delta[3][l];
        double[] a0 = act[0][l - 1], a1 = act[1][l - 1], a2 = act[2][l - 1], a3 = act[3][l - 1];
        double[] e0 = delta[0][l - 1], e1 = delta[1][l - 1], e2 = delta[2][l - 1], e3 = delta[3][l - 1];
        boolean tanh = f == Activation.TANH;
        boolean sigmoid = f == Activation.SIGMOID;
        boolean relu = f == Activation.RELU;
        for (int j = 0; j < fi; j++) {
            int row = O + j * fo * LANES;
            DoubleVector wv = DoubleVector.fromArray(LaneMath.S, w, row);
            DoubleVector u0 = DoubleVector.fromArray(LaneMath.S, d0, O).mul(wv);
            DoubleVector u1 = DoubleVector.fromArray(LaneMath.S, d1, O).mul(wv);
            DoubleVector u2 = DoubleVector.fromArray(LaneMath.S, d2, O).mul(wv);
            DoubleVector u3 = DoubleVector.fromArray(LaneMath.S, d3, O).mul(wv);
            if (fromZero) {
                DoubleVector zero = DoubleVector.zero(LaneMath.S);
                u0 = zero.add(u0);
                u1 = zero.add(u1);
                u2 = zero.add(u2);
                u3 = zero.add(u3);
            }
            for (int c = 1; c < fo; c++) {
                wv = DoubleVector.fromArray(LaneMath.S, w, row + c * LANES);
                u0 = u0.add(DoubleVector.fromArray(LaneMath.S, d0, O + c * LANES).mul(wv));
                u1 = u1.add(DoubleVector.fromArray(LaneMath.S, d1, O + c * LANES).mul(wv));
                u2 = u2.add(DoubleVector.fromArray(LaneMath.S, d2, O + c * LANES).mul(wv));
                u3 = u3.add(DoubleVector.fromArray(LaneMath.S, d3, O + c * LANES).mul(wv));
            }
            int at = O + j * LANES;
            if (tanh || sigmoid) {
                DoubleVector one = DoubleVector.broadcast(LaneMath.S, 1.0);
                DoubleVector v0 = DoubleVector.fromArray(LaneMath.S, a0, at);
                DoubleVector v1 = DoubleVector.fromArray(LaneMath.S, a1, at);
                DoubleVector v2 = DoubleVector.fromArray(LaneMath.S, a2, at);
                DoubleVector v3 = DoubleVector.fromArray(LaneMath.S, a3, at);
                if (tanh) {
                    u0 = u0.mul(one.sub(v0.mul(v0)));
                    u1 = u1.mul(one.sub(v1.mul(v1)));
                    u2 = u2.mul(one.sub(v2.mul(v2)));
                    u3 = u3.mul(one.sub(v3.mul(v3)));
                } else {
                    u0 = u0.mul(v0.mul(one.sub(v0)));
                    u1 = u1.mul(v1.mul(one.sub(v1)));
                    u2 = u2.mul(v2.mul(one.sub(v2)));
                    u3 = u3.mul(v3.mul(one.sub(v3)));
                }
            } else if (relu) {
                // relu'(z) = [z > 0] = [a > 0]: a = z where z > 0, else +0
                DoubleVector zero = DoubleVector.zero(LaneMath.S);
                u0 = u0.mul(zero.blend(1.0, DoubleVector.fromArray(LaneMath.S, a0, at).compare(VectorOperators.GT, 0.0)));
                u1 = u1.mul(zero.blend(1.0, DoubleVector.fromArray(LaneMath.S, a1, at).compare(VectorOperators.GT, 0.0)));
                u2 = u2.mul(zero.blend(1.0, DoubleVector.fromArray(LaneMath.S, a2, at).compare(VectorOperators.GT, 0.0)));
                u3 = u3.mul(zero.blend(1.0, DoubleVector.fromArray(LaneMath.S, a3, at).compare(VectorOperators.GT, 0.0)));
            } else {
                u0 = u0.mul(1.0);
                u1 = u1.mul(1.0);
                u2 = u2.mul(1.0);
                u3 = u3.mul(1.0);
            }
            u0.intoArray(e0, at);
            u1.intoArray(e1, at);
            u2.intoArray(e2, at);
            u3.intoArray(e3, at);
        }
    }

    /** g ← g + λθ (weights only) + σ·N(0,1), each lane drawing from its own stream in the scalar order. */
    private void decayAndNoise() {
        double decay = model.training().weightDecay();
        double noise = model.training().gradNoise();
        if (decay == 0 && noise == 0) {
            return;
        }
        for (int b = 0; b < 2 * layers; b++) {
            double[] g = grad[b];
            double[] t = theta[b];
            boolean weights = (b & 1) == 0;
            for (int e = 0; e < g.length - O; e += LANES) {
                DoubleVector value = DoubleVector.fromArray(LaneMath.S, g, O + e);
                if (decay > 0 && weights) {
                    value = value.add(DoubleVector.fromArray(LaneMath.S, t, O + e).mul(decay));
                }
                if (noise > 0) {
                    for (int i = 0; i < LANES; i++) {
                        laneTemp[i] = noise * gradientNoise[i].nextGaussian();
                    }
                    value = value.add(DoubleVector.fromArray(LaneMath.S, laneTemp, 0));
                }
                value.intoArray(g, O + e);
            }
        }
    }

    /** The optimizer's rule on block b, the expressions of the scalar Optimizer lane by lane. */
    private void update(int b) {
        double[] t = theta[b];
        double[] g = grad[b];
        double[] s1 = first[b];
        double[] s2 = second[b];
        double[] factor = rate[b];
        DoubleVector lrv = DoubleVector.fromArray(LaneMath.S, lr, 0);
        for (int e = 0; e < t.length - O; e += LANES) {
            DoubleVector alpha = factor == null ? lrv : lrv.mul(DoubleVector.fromArray(LaneMath.S, factor, O + e));
            DoubleVector gv = DoubleVector.fromArray(LaneMath.S, g, O + e);
            DoubleVector step;
            switch (optimizer) {
                case 0 -> step = alpha.mul(gv);
                case 1 -> {
                    DoubleVector v = DoubleVector.fromArray(LaneMath.S, s1, O + e).mul(beta).add(gv);
                    v.intoArray(s1, O + e);
                    step = alpha.mul(v);
                }
                case 2 -> {
                    DoubleVector v = DoubleVector.fromArray(LaneMath.S, s1, O + e).mul(beta).add(gv.mul(gv).mul(1 - beta));
                    v.intoArray(s1, O + e);
                    step = alpha.mul(gv).div(v.sqrt().add(EPS));
                }
                default -> {
                    DoubleVector m = DoubleVector.fromArray(LaneMath.S, s1, O + e).mul(ADAM_BETA1).add(gv.mul(1 - ADAM_BETA1));
                    DoubleVector v = DoubleVector.fromArray(LaneMath.S, s2, O + e).mul(ADAM_BETA2)
                            .add(gv.mul(gv).mul(1 - ADAM_BETA2));
                    m.intoArray(s1, O + e);
                    v.intoArray(s2, O + e);
                    DoubleVector mHat = m.div(1 - beta1Power);
                    DoubleVector vHat = v.div(1 - beta2Power);
                    step = alpha.mul(mHat).div(vHat.sqrt().add(EPS));
                }
            }
            DoubleVector.fromArray(LaneMath.S, t, O + e).sub(step).intoArray(t, O + e);
        }
    }

    private boolean laneFinite(int i) {
        for (int b = 0; b < 2 * layers; b++) {
            for (int e = O + i; e < theta[b].length; e += LANES) {
                if (!Double.isFinite(theta[b][e])) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isFinite(Checkpoint c) {
        return Double.isFinite(c.loss()) && Double.isFinite(c.dist()) && Double.isFinite(c.scale());
    }

    private static long elapsedMs(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
