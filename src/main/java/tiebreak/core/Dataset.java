package tiebreak.core;

import org.ejml.data.DMatrixRMaj;

/**
 * A task's training set: inputs {@code x} (n × d, one sample per row) and targets {@code y} (n × k).
 * Buffers are reused across runs of a partition.
 */
public final class Dataset {
    public final DMatrixRMaj x = new DMatrixRMaj(1, 1);
    public final DMatrixRMaj y = new DMatrixRMaj(1, 1);

    public int samples() {
        return x.numRows;
    }

    /** Fills the buffers with the task's data for this data seed (see {@link TaskSpec}). */
    public void generate(TaskSpec task, long dataSeed) {
        int n = task.n();
        int d = task.d();
        int m = task.m();
        x.reshape(n, d);
        y.reshape(n, 1);
        Rng inputs = Rng.stream(dataSeed, Rng.Purpose.DATA_INPUTS);
        for (int k = 0; k < n * d; k++) {
            x.data[k] = inputs.nextGaussian();
        }
        // The teacher d-m-1: hidden weights N(0, 1/d), output weights N(0, 1/m), zero biases, tanh.
        Rng teacherRng = Rng.stream(dataSeed, Rng.Purpose.DATA_TEACHER);
        double[] hidden = new double[d * m];
        double[] output = new double[m];
        for (int k = 0; k < hidden.length; k++) {
            hidden[k] = teacherRng.nextGaussian() * StrictMath.sqrt(1.0 / d);
        }
        for (int k = 0; k < m; k++) {
            output[k] = teacherRng.nextGaussian() * StrictMath.sqrt(1.0 / m);
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
}
