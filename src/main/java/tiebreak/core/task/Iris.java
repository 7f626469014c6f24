package tiebreak.core.task;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.ejml.data.DMatrixRMaj;

/**
 * Fisher's iris data (150 flowers, 4 measurements in cm, 3 species), from the jar resource
 * {@code tiebreak/data/iris.csv} (see {@code tiebreak/data/README.md} for its source and licence).
 * Each feature is standardised to mean 0 and (population) standard deviation 1; targets are one-hot.
 */
public final class Iris {
    static final int ROWS = 150;
    static final int FEATURES = 4;
    static final int CLASSES = 3;
    private static final double[] FEATURES_STANDARDISED = new double[ROWS * FEATURES];
    private static final int[] LABELS = new int[ROWS];

    static {
        load();
    }

    private Iris() {
    }

    static void fill(DMatrixRMaj x, DMatrixRMaj y) {
        System.arraycopy(FEATURES_STANDARDISED, 0, x.data, 0, ROWS * FEATURES);
        java.util.Arrays.fill(y.data, 0, ROWS * CLASSES, 0.0);
        for (int s = 0; s < ROWS; s++) {
            y.data[s * CLASSES + LABELS[s]] = 1.0;
        }
    }

    private static void load() {
        try (InputStream in = Iris.class.getResourceAsStream("/tiebreak/data/iris.csv")) {
            if (in == null) {
                throw new IllegalStateException("tiebreak/data/iris.csv is missing from the jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            reader.readLine(); // header: 150,4,setosa,versicolor,virginica
            double[] raw = new double[ROWS * FEATURES];
            for (int s = 0; s < ROWS; s++) {
                String[] cells = reader.readLine().split(",");
                for (int f = 0; f < FEATURES; f++) {
                    raw[s * FEATURES + f] = Double.parseDouble(cells[f]);
                }
                LABELS[s] = Integer.parseInt(cells[FEATURES].strip());
            }
            for (int f = 0; f < FEATURES; f++) {
                double sum = 0;
                for (int s = 0; s < ROWS; s++) {
                    sum += raw[s * FEATURES + f];
                }
                double mean = sum / ROWS;
                double squares = 0;
                for (int s = 0; s < ROWS; s++) {
                    double c = raw[s * FEATURES + f] - mean;
                    squares += c * c;
                }
                double sd = Math.sqrt(squares / ROWS);
                for (int s = 0; s < ROWS; s++) {
                    FEATURES_STANDARDISED[s * FEATURES + f] = (raw[s * FEATURES + f] - mean) / sd;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
