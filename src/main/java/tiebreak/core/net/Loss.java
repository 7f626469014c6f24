package tiebreak.core.net;

import org.ejml.data.DMatrixRMaj;
import tiebreak.core.math.DetMath;

/** The training objective on the network's linear output ŷ (n × k) against targets y (n × k). */
public enum Loss {
    /** (1/2n) Σ (ŷ − y)². */
    MSE("mse") {
        @Override
        public double value(DMatrixRMaj out, DMatrixRMaj y) {
            int size = out.getNumElements();
            double sum = 0.0;
            for (int e = 0; e < size; e++) {
                double r = out.data[e] - y.data[e];
                sum += r * r;
            }
            return sum / (2.0 * out.numRows);
        }

        @Override
        public void gradient(DMatrixRMaj out, DMatrixRMaj y, DMatrixRMaj dOut) {
            int size = out.getNumElements();
            double n = out.numRows;
            for (int e = 0; e < size; e++) {
                dOut.data[e] = (out.data[e] - y.data[e]) / n;
            }
        }
    },
    /**
     * (1/n) Σ_s Σ_j y_sj (lse_s − ŷ_sj) with lse_s = log Σ_j exp ŷ_sj: softmax cross-entropy, written for
     * targets that need not be one-hot (label noise makes them soft); its gradient is
     * ((Σ_j y_sj) softmax_sj − y_sj) / n.
     */
    SOFTMAX_CE("softmax-ce") {
        @Override
        public double value(DMatrixRMaj out, DMatrixRMaj y) {
            int k = out.numCols;
            double sum = 0.0;
            for (int s = 0; s < out.numRows; s++) {
                int row = s * k;
                double lse = logSumExp(out.data, row, k);
                for (int j = 0; j < k; j++) {
                    sum += y.data[row + j] * (lse - out.data[row + j]);
                }
            }
            return sum / out.numRows;
        }

        @Override
        public void gradient(DMatrixRMaj out, DMatrixRMaj y, DMatrixRMaj dOut) {
            int k = out.numCols;
            double n = out.numRows;
            for (int s = 0; s < out.numRows; s++) {
                int row = s * k;
                double max = max(out.data, row, k);
                double total = 0.0;
                double mass = 0.0;
                for (int j = 0; j < k; j++) {
                    double e = DetMath.exp(out.data[row + j] - max);
                    dOut.data[row + j] = e;
                    total += e;
                    mass += y.data[row + j];
                }
                for (int j = 0; j < k; j++) {
                    dOut.data[row + j] = (mass * (dOut.data[row + j] / total) - y.data[row + j]) / n;
                }
            }
        }
    };

    private final String label;

    Loss(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The loss of outputs {@code out} against targets {@code y}. */
    public abstract double value(DMatrixRMaj out, DMatrixRMaj y);

    /** dLoss/dŷ into {@code dOut}. */
    public abstract void gradient(DMatrixRMaj out, DMatrixRMaj y, DMatrixRMaj dOut);

    /** Fraction of rows whose largest output is the class with the largest target (classification only). */
    public static double accuracy(DMatrixRMaj out, DMatrixRMaj y) {
        int k = out.numCols;
        int correct = 0;
        for (int s = 0; s < out.numRows; s++) {
            correct += argmax(out.data, s * k, k) == argmax(y.data, s * k, k) ? 1 : 0;
        }
        return (double) correct / out.numRows;
    }

    static double logSumExp(double[] v, int from, int count) {
        double max = max(v, from, count);
        double total = 0.0;
        for (int j = 0; j < count; j++) {
            total += DetMath.exp(v[from + j] - max);
        }
        // StrictMath.log is specified to give fdlibm's bits on every JVM.
        return max + StrictMath.log(total);
    }

    private static double max(double[] v, int from, int count) {
        double max = v[from];
        for (int j = 1; j < count; j++) {
            max = Math.max(max, v[from + j]);
        }
        return max;
    }

    private static int argmax(double[] v, int from, int count) {
        int best = 0;
        for (int j = 1; j < count; j++) {
            if (v[from + j] > v[from + best]) {
                best = j;
            }
        }
        return best;
    }
}
