package tiebreak.core.train;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import tiebreak.core.math.Float32;
import tiebreak.core.math.Rng;
import tiebreak.core.net.Backprop;
import tiebreak.core.net.Loss;
import tiebreak.core.net.Parameters;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.Training;
import tiebreak.core.task.TaskData;
import tiebreak.core.tie.Checkpoint;
import tiebreak.core.tie.Duplication;
import tiebreak.core.tie.Measurements;
import tiebreak.core.tie.RunResult;
import tiebreak.core.tie.SplitHessian;
import tiebreak.core.tie.TieProbe;

/**
 * Trains runs one after another, reusing its buffers: create one per partition (or thread) and call
 * {@link #run} for each spec. A step is: pick the batch, add the step's input and label noise, draw the
 * dropout masks, compute the gradient (backprop or central differences), add weight decay and gradient
 * noise, and let the optimizer update the parameters, all at once or, for sequential updates, unit by unit
 * through the tie layer and then the rest. Not thread-safe.
 */
public final class Trainer {
    private final Parameters params = new Parameters();
    private final Parameters grad = new Parameters();
    private final Parameters rate = new Parameters();
    private final Backprop backprop = new Backprop();
    private final Optimizer optimizer = new Optimizer();
    private final TaskData data = new TaskData();
    private final DMatrixRMaj batchX = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj batchY = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj noisyX = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj noisyY = new DMatrixRMaj(1, 1);
    private final BatchOrder batches = new BatchOrder();
    private boolean[][][] unitMasks = new boolean[0][][];

    private RunSpec spec;
    private Training training;
    private RunStreams streams;
    private Duplication duplication;    // what the run's duplicated start measured, or null

    /** Trains one run. Never throws for a run's own failure: that is recorded as {@link tiebreak.core.tie.Outcome#FAILED}. */
    public RunResult run(RunSpec spec) {
        long start = System.nanoTime();
        try {
            FaultInjection.check(spec);
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

    public TaskData data() {
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
        TieProbe probe = new TieProbe(spec, SplitHessian.forRun(spec), data, schedule);
        List<Checkpoint> checkpoints = new ArrayList<>(schedule.length);
        checkpoints.add(probe.measure(0, params, loss(), accuracy()));
        boolean finite = checkpoints.get(0).finite();
        int next = 1;
        for (int step = 1; step <= spec.steps() && finite; step++) {
            step(spec.lr());
            if (step == schedule[next]) {
                Checkpoint c = probe.measure(step, params, loss(), accuracy());
                checkpoints.add(c);
                finite = c.finite();
                next++;
            }
        }
        finite = finite && params.allFinite();
        return Measurements.summarise(spec, checkpoints, finite, elapsedMs(start), duplication);
    }

    /** Data, buffers, random streams and the starting parameters of a run; public so tests can step by hand. */
    public void prepare(RunSpec spec) {
        this.spec = spec;
        this.training = spec.training();
        boolean float32 = training.float32();
        data.generate(spec.task(), spec.dataSeed());
        if (float32) {
            Float32.round(data.x);
            Float32.round(data.y);
        }
        params.reshape(spec.widths());
        grad.reshape(spec.widths());
        backprop.reshape(spec.widths(), data.samples(), spec.activation(), spec.task().loss(), float32);
        duplication = RunStart.prepare(spec, params);
        optimizer.reset(training.optimizer(), spec.widths(), float32);
        streams = new RunStreams(spec.initSeed());
        prepareLearningRates();
        prepareBatchOrder();
        if (training.sequential()) {
            prepareUnitMasks();
        }
    }

    /** One training step. Allocates nothing. */
    public void step(double lr) {
        optimizer.beginStep();
        DMatrixRMaj x = data.x;
        DMatrixRMaj y = data.y;
        if (training.batchSize() > 0) {
            nextBatch();
            x = batchX;
            y = batchY;
        }
        if (training.inputNoise() > 0) {
            x = addNoise(x, noisyX, training.inputNoise());
        }
        if (training.labelNoise() > 0) {
            y = addNoise(y, noisyY, training.labelNoise());
        }
        boolean dropout = training.dropout() > 0;
        if (dropout) {
            drawMasks(x.numRows);
        }
        if (!training.sequential()) {
            computeGradient(x, y, dropout);
            for (int b = 0; b < params.blocks(); b++) {
                optimizer.update(b, params.block(b), grad.block(b), rateBlock(b), null, lr);
            }
            return;
        }
        int tieBlock = 2 * (spec.tieLayer() - 1);
        for (boolean[][] unit : unitMasks) {
            computeGradient(x, y, dropout);
            for (int b = tieBlock; b <= tieBlock + 2; b++) {
                optimizer.update(b, params.block(b), grad.block(b), rateBlock(b), unit[b - tieBlock], lr);
            }
        }
        computeGradient(x, y, dropout);
        for (int b = 0; b < params.blocks(); b++) {
            if (b < tieBlock || b > tieBlock + 2) {
                optimizer.update(b, params.block(b), grad.block(b), rateBlock(b), null, lr);
            }
        }
    }

    /** The training loss on the full data set, without dropout or noise. */
    public double loss() {
        return backprop.forward(params, data.x, data.y, false);
    }

    /** Accuracy of the last {@link #loss()} evaluation, or NaN for a task without classes. */
    private double accuracy() {
        return spec.task().isClassification() ? Loss.accuracy(backprop.output(), data.y) : Double.NaN;
    }

    /** The backprop gradient on the full data set at the current parameters, into the trainer's buffer. */
    public Parameters gradient() {
        backprop.forward(params, data.x, data.y, false);
        backprop.backward(params, data.x, data.y, grad, false);
        return grad;
    }

    /**
     * The gradient that training uses (backprop or central differences, with weight decay and gradient noise),
     * on the full data set without dropout or step noise; for tests.
     */
    Parameters trainingGradient() {
        computeGradient(data.x, data.y, false);
        return grad;
    }

    /** The gradient of the step's objective, then weight decay and gradient noise. */
    private void computeGradient(DMatrixRMaj x, DMatrixRMaj y, boolean dropout) {
        if (training.finiteDifference()) {
            finiteDifferences(x, y, dropout);
        } else {
            backprop.forward(params, x, y, dropout);
            backprop.backward(params, x, y, grad, dropout);
        }
        double decay = training.weightDecay();
        double noise = training.gradNoise();
        if (decay == 0 && noise == 0) {
            return;
        }
        for (int b = 0; b < params.blocks(); b++) {
            double[] g = grad.block(b).data;
            double[] theta = params.block(b).data;
            boolean weights = Parameters.isWeightBlock(b);
            int size = params.block(b).getNumElements();
            for (int e = 0; e < size; e++) {
                // g ← g + λθ (weights only) + σ·N(0,1)
                double value = g[e];
                if (decay > 0 && weights) {
                    value += decay * theta[e];
                }
                if (noise > 0) {
                    value += noise * streams.gradientNoise.nextGaussian();
                }
                g[e] = training.float32() ? (float) value : value;
            }
        }
    }

    /** Central differences, one parameter at a time: g = (L(θ + h e_k) − L(θ − h e_k)) / 2h. */
    private void finiteDifferences(DMatrixRMaj x, DMatrixRMaj y, boolean dropout) {
        double h = training.fdStep();
        for (int b = 0; b < params.blocks(); b++) {
            double[] theta = params.block(b).data;
            double[] g = grad.block(b).data;
            int size = params.block(b).getNumElements();
            for (int e = 0; e < size; e++) {
                double saved = theta[e];
                theta[e] = training.float32() ? (float) (saved + h) : saved + h;
                double plus = backprop.forward(params, x, y, dropout);
                theta[e] = training.float32() ? (float) (saved - h) : saved - h;
                double minus = backprop.forward(params, x, y, dropout);
                theta[e] = saved;
                double slope = (plus - minus) / (2 * h);
                g[e] = training.float32() ? (float) slope : slope;
            }
        }
    }

    /** Inverted dropout: each hidden unit of each sample kept with probability 1 − p, scaled by 1/(1 − p). */
    private void drawMasks(int rows) {
        double p = training.dropout();
        double kept = Perturbations.keptScale(p);
        for (int l = 0; l < params.layers() - 1; l++) {
            DMatrixRMaj mask = backprop.mask(l, rows);
            int size = mask.getNumElements();
            for (int e = 0; e < size; e++) {
                mask.data[e] = Perturbations.maskEntry(streams.dropout, p, kept);
            }
            if (training.float32()) {
                Float32.round(mask);
            }
        }
    }

    /** The next minibatch (see {@link BatchOrder}). */
    private void nextBatch() {
        int size = training.batchSize();
        int from = batches.next(size);
        int d = data.x.numCols;
        int k = data.y.numCols;
        batchX.reshape(size, d);
        batchY.reshape(size, k);
        for (int r = 0; r < size; r++) {
            int s = batches.sample(from + r);
            System.arraycopy(data.x.data, s * d, batchX.data, r * d, d);
            System.arraycopy(data.y.data, s * k, batchY.data, r * k, k);
        }
    }

    private DMatrixRMaj addNoise(DMatrixRMaj source, DMatrixRMaj target, double sigma) {
        target.reshape(source.numRows, source.numCols);
        int size = source.getNumElements();
        for (int e = 0; e < size; e++) {
            double value = source.data[e] + sigma * streams.stepNoise.nextGaussian();
            target.data[e] = training.float32() ? (float) value : value;
        }
        return target;
    }

    private void prepareBatchOrder() {
        batches.reset(streams.batchOrder, data.samples());
        if (training.batchSize() > 0) {
            batchX.reshape(training.batchSize(), data.x.numCols);
            batchY.reshape(training.batchSize(), data.y.numCols);
        }
        noisyX.reshape(data.x.numRows, data.x.numCols);
        noisyY.reshape(data.y.numRows, data.y.numCols);
    }

    /** Per-parameter learning-rate factors max(1 + ρ·N(0,1), 0.01), fixed for the run. */
    private void prepareLearningRates() {
        if (training.lrJitter() == 0) {
            return;
        }
        rate.reshape(spec.widths());
        Rng rng = Rng.stream(spec.initSeed(), Rng.Purpose.LR_JITTER);
        for (int b = 0; b < rate.blocks(); b++) {
            DMatrixRMaj block = rate.block(b);
            for (int e = 0; e < block.getNumElements(); e++) {
                block.data[e] = Perturbations.learningRateFactor(training.lrJitter(), rng);
            }
        }
    }

    private DMatrixRMaj rateBlock(int b) {
        return training.lrJitter() == 0 ? null : rate.block(b);
    }

    /**
     * For sequential updates: for each unit u of the tie layer, masks over the three blocks that hold its
     * parameters (incoming weights, bias, outgoing weights), selecting u's column, entry and row.
     */
    private void prepareUnitMasks() {
        int in = spec.tieLayer() - 1;
        DMatrixRMaj w = params.weight(in);
        DMatrixRMaj v = params.weight(in + 1);
        int units = w.numCols;
        unitMasks = new boolean[units][3][];
        for (int u = 0; u < units; u++) {
            boolean[] incoming = new boolean[w.getNumElements()];
            for (int r = 0; r < w.numRows; r++) {
                incoming[r * units + u] = true;
            }
            boolean[] bias = new boolean[units];
            bias[u] = true;
            boolean[] outgoing = new boolean[v.getNumElements()];
            for (int c = 0; c < v.numCols; c++) {
                outgoing[u * v.numCols + c] = true;
            }
            unitMasks[u] = new boolean[][] {incoming, bias, outgoing};
        }
    }

    private static long elapsedMs(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
