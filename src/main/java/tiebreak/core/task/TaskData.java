package tiebreak.core.task;

import org.ejml.data.DMatrixRMaj;
import tiebreak.core.math.DetMath;
import tiebreak.core.math.Rng;
import tiebreak.core.spec.TaskSpec;

/**
 * A task's training set: inputs {@code x} (n × d, one sample per row) and targets {@code y} (n × k; one-hot
 * rows for classes). Buffers are reused across the runs of a partition.
 */
public final class TaskData {
    public final DMatrixRMaj x = new DMatrixRMaj(1, 1);
    public final DMatrixRMaj y = new DMatrixRMaj(1, 1);

    public int samples() {
        return x.numRows;
    }

    /** Fills the buffers with the task's data for this data seed (see {@link TaskSpec}). */
    public void generate(TaskSpec task, long dataSeed) {
        x.reshape(task.samples(), task.inputs());
        y.reshape(task.samples(), task.outputs());
        switch (task.kind()) {
            case TEACHER -> teacher(task, dataSeed);
            case PARITY -> parity(task, dataSeed);
            case BLOBS -> blobs(task, dataSeed);
            case IRIS -> Iris.fill(x, y);
        }
    }

    private void teacher(TaskSpec task, long dataSeed) {
        int n = task.n();
        int d = task.d();
        int m = task.m();
        Rng inputs = Rng.stream(dataSeed, Rng.Purpose.DATA_INPUTS);
        for (int e = 0; e < n * d; e++) {
            x.data[e] = inputs.nextGaussian();
        }
        // The teacher d-m-1: hidden weights N(0, 1/d), output weights N(0, 1/m), zero biases, tanh.
        Rng teacherRng = Rng.stream(dataSeed, Rng.Purpose.DATA_TEACHER);
        double[] hidden = new double[d * m];
        double[] output = new double[m];
        for (int e = 0; e < hidden.length; e++) {
            hidden[e] = teacherRng.nextGaussian() * StrictMath.sqrt(1.0 / d);
        }
        for (int e = 0; e < m; e++) {
            output[e] = teacherRng.nextGaussian() * StrictMath.sqrt(1.0 / m);
        }
        Rng noise = Rng.stream(dataSeed, Rng.Purpose.DATA_LABEL_NOISE);
        for (int s = 0; s < n; s++) {
            double target = 0.0;
            for (int h = 0; h < m; h++) {
                double z = 0.0;
                for (int i = 0; i < d; i++) {
                    z += x.data[s * d + i] * hidden[i * m + h];
                }
                target += DetMath.tanh(z) * output[h];
            }
            y.data[s] = task.labelNoise() > 0 ? target + task.labelNoise() * noise.nextGaussian() : target;
        }
    }

    /** ±1 inputs, target their product; all 2^d points in binary order when n = 0. */
    private void parity(TaskSpec task, long dataSeed) {
        int d = task.d();
        Rng inputs = Rng.stream(dataSeed, Rng.Purpose.DATA_INPUTS);
        for (int s = 0; s < task.samples(); s++) {
            double product = 1.0;
            for (int i = 0; i < d; i++) {
                boolean negative = task.n() == 0 ? ((s >>> i) & 1) == 1 : (inputs.nextLong() & 1L) == 1L;
                double v = negative ? -1.0 : 1.0;
                x.data[s * d + i] = v;
                product *= v;
            }
            y.data[s] = product;
        }
    }

    private void blobs(TaskSpec task, long dataSeed) {
        int d = task.d();
        int k = task.k();
        Rng centresRng = Rng.stream(dataSeed, Rng.Purpose.DATA_TEACHER);
        double[] centres = new double[k * d];
        for (int e = 0; e < centres.length; e++) {
            centres[e] = centresRng.nextGaussian();
        }
        Rng inputs = Rng.stream(dataSeed, Rng.Purpose.DATA_INPUTS);
        java.util.Arrays.fill(y.data, 0, task.n() * k, 0.0);
        for (int s = 0; s < task.n(); s++) {
            int label = s % k;
            for (int i = 0; i < d; i++) {
                x.data[s * d + i] = centres[label * d + i] + task.spread() * inputs.nextGaussian();
            }
            y.data[s * k + label] = 1.0;
        }
    }
}
