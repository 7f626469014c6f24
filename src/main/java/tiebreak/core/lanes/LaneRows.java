package tiebreak.core.lanes;

import static tiebreak.core.lanes.LaneMath.O;

import jdk.incubator.vector.DoubleVector;
import tiebreak.core.math.Rng;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.Training;
import tiebreak.core.task.TaskData;
import tiebreak.core.train.BatchOrder;
import tiebreak.core.train.Perturbations;
import tiebreak.core.train.RunStreams;

/**
 * Each lane's own random streams and, for a run that needs them (minibatches, input or label noise,
 * dropout), each lane's rows of the step: inputs and targets interleaved by lane, and the dropout masks,
 * drawn as the scalar Trainer draws them.
 */
final class LaneRows {
    private static final int L = LaneMath.L;

    private final RunStreams[] streams = new RunStreams[L];      // each lane's batch order
    /** Each lane's dropout stream, as the states of {@link LaneRng} (which draws all lanes at once). */
    private final long[] dropoutState = new long[L];
    /** Each lane's gradient-noise and step-noise streams, the same way. */
    final long[] gradientNoiseState = new long[L];
    private final long[] stepNoiseState = new long[L];
    /** Normal deviates of every lane, [O + e * L + lane], and LaneRng's scratch for them. */
    double[] deviates = new double[0];
    double[] angles = new double[0];
    private final BatchOrder[] batches = new BatchOrder[L];
    /** Each lane's inputs and targets of the step's rows, [O + (row * width + column) * L + lane]. */
    double[] x = new double[0];
    double[] y = new double[0];
    private boolean own;

    LaneRows() {
        for (int i = 0; i < L; i++) {
            batches[i] = new BatchOrder();
        }
    }

    /** Whether the run trains on rows of its own (minibatches, input or label noise), not the shared data set. */
    static boolean ownRows(Training t) {
        return t.batchSize() > 0 || t.inputNoise() > 0 || t.labelNoise() > 0;
    }

    /** Whether the run being shaped has rows of its own. */
    boolean ownRows() {
        return own;
    }

    /** Buffers for the run's rows when it has them (allocates only when they must grow). */
    void shape(Training t, TaskData data, LaneBuffers buffers) {
        own = ownRows(t);
        int n = data.samples();
        int d = buffers.fanIn[0];
        int k = buffers.fanOut[buffers.layers - 1];
        if (own && x.length < O + n * d * L) {
            x = LaneMath.buffer(n * d * L);
        }
        if (own && y.length < O + n * k * L) {
            y = LaneMath.buffer(n * k * L);
        }
        if (t.dropout() > 0) {
            buffers.shapeDropout(n);
        }
        int largest = 0;    // deviates drawn at once: a step's noisy inputs or targets, or a block's gradient noise
        if (t.inputNoise() > 0 || t.labelNoise() > 0) {
            largest = n * Math.max(d, k);
        }
        for (int b = 0; t.gradNoise() > 0 && b < 2 * buffers.layers; b++) {
            largest = Math.max(largest, buffers.size(b));
        }
        if (deviates.length < O + largest * L) {
            deviates = LaneMath.buffer(largest * L);
            angles = LaneMath.buffer(largest * L);
        }
    }

    /** Lane i starts the run {@code spec}: its streams, and with minibatches an order whose first batch shuffles. */
    void start(int i, RunSpec spec, int samples) {
        streams[i] = new RunStreams(spec.initSeed());
        dropoutState[i] = Rng.startState(spec.initSeed(), Rng.Purpose.DROPOUT);
        gradientNoiseState[i] = Rng.startState(spec.initSeed(), Rng.Purpose.GRADIENT_NOISE);
        stepNoiseState[i] = Rng.startState(spec.initSeed(), Rng.Purpose.STEP_NOISE);
        if (spec.training().batchSize() > 0) {
            batches[i].reset(streams[i].batchOrder, samples);   // full batch: no permutation of n ints per lane
        }
    }

    /**
     * Each lane's rows for this step, as the scalar Trainer picks them: the next minibatch of its own
     * permutation (or every sample), then fresh input noise over the rows in row-major order, then label
     * noise, then the dropout masks, all from the lane's own streams; without rows of its own, only the masks of
     * the shared data's rows. Returns the row count.
     */
    int next(Training t, TaskData data, LaneBuffers buffers) {
        int n = data.samples();
        int rows = t.batchSize() > 0 ? t.batchSize() : n;
        int d = buffers.fanIn[0];
        int k = buffers.fanOut[buffers.layers - 1];
        double[] dataX = data.x.data;
        double[] dataY = data.y.data;
        if (own && t.batchSize() == 0) {
            // the full batch: every lane's rows are the data set's, one broadcast store per element
            for (int e = 0; e < rows * d; e++) {
                DoubleVector.broadcast(LaneMath.S, dataX[e]).intoArray(x, O + e * L);
            }
            for (int e = 0; e < rows * k; e++) {
                DoubleVector.broadcast(LaneMath.S, dataY[e]).intoArray(y, O + e * L);
            }
        }
        for (int i = 0; i < L && own && t.batchSize() > 0; i++) {
            int from = batches[i].next(rows);
            for (int r = 0; r < rows; r++) {
                int sample = batches[i].sample(from + r);
                for (int c = 0; c < d; c++) {
                    x[O + (r * d + c) * L + i] = dataX[sample * d + c];
                }
                for (int c = 0; c < k; c++) {
                    y[O + (r * k + c) * L + i] = dataY[sample * k + c];
                }
            }
        }
        // each lane's step noise in its scalar order: the inputs row-major, then the targets
        if (own && t.inputNoise() > 0) {
            addNoise(x, rows * d, t.inputNoise());
        }
        if (own && t.labelNoise() > 0) {
            addNoise(y, rows * k, t.labelNoise());
        }
        if (t.dropout() > 0) {
            // every lane's masks at once; each lane's draws in the scalar order: layer by layer, row-major
            double p = t.dropout();
            double kept = Perturbations.keptScale(p);
            for (int l = 0; l < buffers.layers - 1; l++) {
                LaneRng.masks(dropoutState, p, kept, buffers.mask[l], rows * buffers.fanOut[l]);
            }
        }
        return rows;
    }

    /** v[e] ← v[e] + σ·N(0,1) for the first {@code count} elements, every lane from its step-noise stream. */
    private void addNoise(double[] v, int count, double sigma) {
        LaneRng.gaussians(stepNoiseState, deviates, angles, count);
        for (int e = O; e < O + count * L; e += L) {
            DoubleVector.fromArray(LaneMath.S, v, e)
                    .add(DoubleVector.fromArray(LaneMath.S, deviates, e).mul(sigma)).intoArray(v, e);
        }
    }
}
