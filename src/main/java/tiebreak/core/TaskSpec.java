package tiebreak.core;

import java.io.Serializable;

/**
 * The learning task of a run. {@code teacher}: inputs x ~ N(0, I_d), n samples, targets from a fixed random
 * tanh teacher net d-m-1 (lecun-normal weights, zero biases) plus N(0, labelNoise²) noise; inputs, teacher and
 * noise come from the data seed alone.
 */
public record TaskSpec(String name, int d, int m, int n, double labelNoise) implements Serializable {
    public static final String TEACHER = "teacher";

    public TaskSpec {
        require(TEACHER.equals(name), "name", "unknown task '" + name + "', expected one of [teacher]");
        require(d >= 1, "d", "expected an integer >= 1");
        require(m >= 1, "m", "expected an integer >= 1");
        require(n >= 1, "n", "expected an integer >= 1");
        require(labelNoise >= 0 && Double.isFinite(labelNoise), "label_noise", "expected a finite number >= 0");
    }

    /** Input dimension of the task. */
    public int inputs() {
        return d;
    }

    /** Output dimension of the task. */
    public int outputs() {
        return 1;
    }

    /** The parameters as one stable string, e.g. {@code d=8,m=4,n=256,label_noise=0.0}. */
    public String params() {
        return "d=" + d + ",m=" + m + ",n=" + n + ",label_noise=" + labelNoise;
    }

    private static void require(boolean ok, String key, String message) {
        if (!ok) {
            throw new InvalidSpecException("task." + key, message);
        }
    }
}
