package tiebreak.core.spec;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tiebreak.core.net.Labels;
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
public record TaskSpec(Kind kind, int d, int m, int k, int n, double labelNoise, double spread) implements Serializable {
    /** The tasks' names, for messages. */
    public static final List<String> NAMES = Arrays.stream(Kind.values()).map(Kind::label).toList();

    /** The tasks; {@link #label()} is the name in sweep files, run ids and tables. */
    public enum Kind {
        TEACHER("teacher"),
        PARITY("parity"),
        BLOBS("blobs"),
        IRIS("iris");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The parameters the task takes, as sweep files name them (iris: none, its sizes are fixed). */
        public List<String> parameters() {
            return switch (this) {
                case TEACHER -> List.of("d", "m", "n", "label_noise");
                case PARITY -> List.of("d", "n");
                case BLOBS -> List.of("d", "k", "n", "spread");
                case IRIS -> List.of();
            };
        }

        /** Classes with softmax cross-entropy, or one real output with MSE. */
        public boolean isClassification() {
            return switch (this) {
                case TEACHER, PARITY -> false;
                case BLOBS, IRIS -> true;
            };
        }

        /** Parses a task name; throws {@link IllegalArgumentException} naming the choices. */
        public static Kind parse(String name) {
            return Labels.find(values(), Kind::label, name).orElseThrow(() -> new IllegalArgumentException(
                    "unknown task '" + name + "', expected one of " + NAMES));
        }
    }

    public TaskSpec {
        Objects.requireNonNull(kind, "kind");
        require(d >= 1, "d", "expected an integer >= 1");
        require(labelNoise >= 0 && Double.isFinite(labelNoise), "label_noise", "expected a finite number >= 0");
        require(spread >= 0 && Double.isFinite(spread), "spread", "expected a finite number >= 0");
        switch (kind) {
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
            case IRIS -> require(d == 4 && k == 3 && n == 150, "name", "iris has d=4, k=3, n=150");
        }
        // a record's fields are set after this body: the sizes come from the parameters
        long samples = samples(kind, d, n);
        long outputs = outputs(kind, k);
        long data = samples * (d + outputs);
        // the messages formatted only when a check fails: a spec is built for every run (docs/performance.md)
        if (data > RunLimits.MAX_ARRAY_DOUBLES) {
            throw new InvalidSpecException(Keys.TASK + "." + (kind == Kind.PARITY && n == 0 ? "d" : "n"), String.format(
                    java.util.Locale.ROOT, "%,d samples of %d inputs and %d output(s) need about %s, over the limit of "
                            + "%s of arrays per run", samples, d, outputs, RunLimits.describe(data),
                    RunLimits.describe(RunLimits.MAX_ARRAY_DOUBLES)));
        }
        long generator = generatorDoubles(kind, d, m, k);
        if (generator > RunLimits.MAX_ARRAY_DOUBLES) {
            throw new InvalidSpecException(Keys.TASK + "." + (kind == Kind.TEACHER ? "m" : "k"), String.format(
                    java.util.Locale.ROOT,
                    "the task's generator needs about %s, over the limit of %s of arrays per run",
                    RunLimits.describe(generator), RunLimits.describe(RunLimits.MAX_ARRAY_DOUBLES)));
        }
    }

    public static TaskSpec teacher(int d, int m, int n, double labelNoise) {
        return new TaskSpec(Kind.TEACHER, d, m, 0, n, labelNoise, 0);
    }

    public static TaskSpec parity(int d, int n) {
        return new TaskSpec(Kind.PARITY, d, 0, 0, n, 0, 0);
    }

    public static TaskSpec blobs(int d, int k, int n, double spread) {
        return new TaskSpec(Kind.BLOBS, d, 0, k, n, 0, spread);
    }

    public static TaskSpec iris() {
        return new TaskSpec(Kind.IRIS, 4, 0, 3, 150, 0, 0);
    }

    /** The task's name: {@link Kind#label()}. */
    public String name() {
        return kind.label;
    }

    public int inputs() {
        return d;
    }

    public int outputs() {
        return outputs(kind, k);
    }

    /** Number of training samples. */
    public int samples() {
        return samples(kind, d, n);
    }

    private static int samples(Kind kind, int d, int n) {
        return kind == Kind.PARITY && n == 0 ? 1 << d : n;
    }

    private static int outputs(Kind kind, int k) {
        return kind.isClassification() ? k : 1;
    }

    /** Doubles of the task's own generator beyond the samples: the teacher's weights, the class centres. */
    public long dataDoubles() {
        return generatorDoubles(kind, d, m, k);
    }

    private static long generatorDoubles(Kind kind, int d, int m, int k) {
        return switch (kind) {
            case TEACHER -> (long) d * m + m;
            case BLOBS -> (long) k * d;
            case PARITY, IRIS -> 0;
        };
    }

    public boolean isClassification() {
        return kind.isClassification();
    }

    public Loss loss() {
        return isClassification() ? Loss.SOFTMAX_CE : Loss.MSE;
    }

    /** The parameters as one stable string, e.g. {@code d=8,m=4,n=256,label_noise=0.0}. */
    public String params() {
        return switch (kind) {
            case TEACHER -> "d=" + d + ",m=" + m + ",n=" + n + ",label_noise=" + labelNoise;
            case PARITY -> "d=" + d + ",n=" + n;
            case BLOBS -> "d=" + d + ",k=" + k + ",n=" + n + ",spread=" + spread;
            case IRIS -> "d=4,k=3,n=150";
        };
    }

    /** The task of this kind with the parameters {@link #params()} gives, e.g. {@code d=8,m=4,n=256,label_noise=0.0}. */
    public static TaskSpec fromParams(Kind kind, String params) {
        Map<String, String> p = new HashMap<>();
        for (String pair : params.split(",")) {
            String[] kv = pair.split("=", 2);
            p.put(kv[0], kv[1]);
        }
        return switch (kind) {
            case TEACHER -> teacher(i(p, "d"), i(p, "m"), i(p, "n"), Double.parseDouble(p.get("label_noise")));
            case PARITY -> parity(i(p, "d"), i(p, "n"));
            case BLOBS -> blobs(i(p, "d"), i(p, "k"), i(p, "n"), Double.parseDouble(p.get("spread")));
            case IRIS -> iris();
        };
    }

    private static int i(Map<String, String> p, String key) {
        return Integer.parseInt(p.get(key));
    }

    private static void require(boolean ok, String key, String message) {
        if (!ok) {
            throw new InvalidSpecException(Keys.TASK + "." + key, message);
        }
    }
}
