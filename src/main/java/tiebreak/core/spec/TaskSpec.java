package tiebreak.core.spec;

import java.io.Serializable;
import java.util.List;
import tiebreak.core.net.Loss;

/**
 * The learning task of a run; data come from the data seed alone (see {@code TaskData} of the task package).
 * <ul>
 * <li>{@code teacher}: x ~ N(0, I_d), n samples, y from a fixed random tanh teacher net d-m-1
 *     (lecun-normal weights, zero biases) plus N(0, label_noise²) noise; MSE.</li>
 * <li>{@code parity}: x uniform on {−1, +1}^d, y = x_1 x_2 ... x_d; n samples, or all 2^d points when
 *     n = 0; MSE.</li>
 * <li>{@code blobs}: k Gaussian classes in d dimensions: centres ~ N(0, I_d), samples centre + spread·N(0, I_d),
 *     classes in turn (sample s has class s mod k); softmax cross-entropy.</li>
 * <li>{@code iris}: Fisher's 150 flowers (4 features standardised to mean 0, sd 1; 3 classes), shipped in the
 *     jar; softmax cross-entropy.</li>
 * </ul>
 * Unused parameters are 0.
 */
public record TaskSpec(String name, int d, int m, int k, int n, double labelNoise, double spread) implements Serializable {
    public static final String TEACHER = "teacher";
    public static final String PARITY = "parity";
    public static final String BLOBS = "blobs";
    public static final String IRIS = "iris";
    public static final List<String> NAMES = List.of(TEACHER, PARITY, BLOBS, IRIS);

    public TaskSpec {
        require(NAMES.contains(name), "name", "unknown task '" + name + "', expected one of " + NAMES);
        require(d >= 1, "d", "expected an integer >= 1");
        require(labelNoise >= 0 && Double.isFinite(labelNoise), "label_noise", "expected a finite number >= 0");
        require(spread >= 0 && Double.isFinite(spread), "spread", "expected a finite number >= 0");
        switch (name) {
            case TEACHER -> {
                require(m >= 1, "m", "expected an integer >= 1");
                require(n >= 1, "n", "expected an integer >= 1");
            }
            case PARITY -> {
                require(n >= 0, "n", "expected an integer >= 0 (0: all 2^d points)");
                require(n > 0 || d <= 20, "d", "all 2^d points need d <= 20; give n");
            }
            case BLOBS -> {
                require(k >= 2, "k", "expected an integer >= 2");
                require(n >= k, "n", "expected an integer >= k");
            }
            default -> require(d == 4 && k == 3 && n == 150, "name", "iris has d=4, k=3, n=150");
        }
        // a record's fields are set after this body: the sizes come from the parameters
        long samples = samples(name, d, n);
        long outputs = outputs(name, k);
        long data = samples * (d + outputs);
        require(data <= RunLimits.MAX_ARRAY_DOUBLES, name.equals(PARITY) && n == 0 ? "d" : "n", String.format(
                java.util.Locale.ROOT, "%,d samples of %d inputs and %d output(s) need about %s, over the limit of %s "
                        + "of arrays per run", samples, d, outputs, RunLimits.describe(data),
                RunLimits.describe(RunLimits.MAX_ARRAY_DOUBLES)));
        long generator = generatorDoubles(name, d, m, k);
        require(generator <= RunLimits.MAX_ARRAY_DOUBLES, name.equals(TEACHER) ? "m" : "k", String.format(
                java.util.Locale.ROOT, "the task's generator needs about %s, over the limit of %s of arrays per run",
                RunLimits.describe(generator), RunLimits.describe(RunLimits.MAX_ARRAY_DOUBLES)));
    }

    public static TaskSpec teacher(int d, int m, int n, double labelNoise) {
        return new TaskSpec(TEACHER, d, m, 0, n, labelNoise, 0);
    }

    public static TaskSpec parity(int d, int n) {
        return new TaskSpec(PARITY, d, 0, 0, n, 0, 0);
    }

    public static TaskSpec blobs(int d, int k, int n, double spread) {
        return new TaskSpec(BLOBS, d, 0, k, n, 0, spread);
    }

    public static TaskSpec iris() {
        return new TaskSpec(IRIS, 4, 0, 3, 150, 0, 0);
    }

    public int inputs() {
        return d;
    }

    public int outputs() {
        return outputs(name, k);
    }

    /** Number of training samples. */
    public int samples() {
        return samples(name, d, n);
    }

    private static int samples(String name, int d, int n) {
        return name.equals(PARITY) && n == 0 ? 1 << d : n;
    }

    private static int outputs(String name, int k) {
        return name.equals(BLOBS) || name.equals(IRIS) ? k : 1;
    }

    /** Doubles of the task's own generator beyond the samples: the teacher's weights, the class centres. */
    public long dataDoubles() {
        return generatorDoubles(name, d, m, k);
    }

    private static long generatorDoubles(String name, int d, int m, int k) {
        return switch (name) {
            case TEACHER -> (long) d * m + m;
            case BLOBS -> (long) k * d;
            default -> 0;
        };
    }

    public boolean isClassification() {
        return name.equals(BLOBS) || name.equals(IRIS);
    }

    public Loss loss() {
        return isClassification() ? Loss.SOFTMAX_CE : Loss.MSE;
    }

    /** The parameters as one stable string, e.g. {@code d=8,m=4,n=256,label_noise=0.0}. */
    public String params() {
        return switch (name) {
            case TEACHER -> "d=" + d + ",m=" + m + ",n=" + n + ",label_noise=" + labelNoise;
            case PARITY -> "d=" + d + ",n=" + n;
            case BLOBS -> "d=" + d + ",k=" + k + ",n=" + n + ",spread=" + spread;
            default -> "d=4,k=3,n=150";
        };
    }

    private static void require(boolean ok, String key, String message) {
        if (!ok) {
            throw new InvalidSpecException("task." + key, message);
        }
    }
}
