package tiebreak.core.spec;

import java.util.List;

/**
 * The largest run tiebreak trains, checked when a spec is built so that a sweep file asking for more is a
 * one-line refusal rather than a dead JVM or a hung driver. Each bound has a reason (docs/limits.md):
 * <ul>
 * <li>{@link #MAX_ARRAY_DOUBLES}: a run's arrays live in one task's heap beside the other tasks of its
 *     executor: 128 MiB a run lets two tasks train in a 2 GB executor (jobs/local-cluster's) with room for
 *     Spark; a run that still does not fit a smaller heap is recorded failed
 *     ({@code BatchedRuns} of the lane package);</li>
 * <li>{@link #MAX_STEPS}: step counters and {@code diverge_step} are 32-bit;</li>
 * <li>{@link #MAX_CHECKPOINTS}: one {@code trajectories} row per checkpoint and run.</li>
 * </ul>
 */
public final class RunLimits {
    /** Doubles in a run's arrays (data, every layer's activations and gradients, parameters, optimizer state). */
    public static final long MAX_ARRAY_DOUBLES = 1L << 24;
    public static final int MAX_STEPS = 1_000_000_000;
    public static final int MAX_CHECKPOINTS = 10_000;
    /** Buffers a layer keeps per sample: pre-activation, activation, dropped, mask, delta, upstream. */
    private static final int PER_SAMPLE_BUFFERS = 6;
    /** Copies of the parameters: values, gradient, learning rates, two optimizer moments, the lane kernel's spare. */
    private static final int PARAMETER_COPIES = 6;

    private RunLimits() {
    }

    /** Doubles held by the arrays of a run of these widths on this task (an upper estimate, in long arithmetic). */
    public static long arrayDoubles(TaskSpec task, List<Integer> widths) {
        long perSample = (long) task.inputs() + task.outputs();
        long parameters = 0;
        for (int l = 1; l < widths.size(); l++) {
            perSample = add(perSample, (long) PER_SAMPLE_BUFFERS * widths.get(l));
            parameters = add(parameters, add((long) widths.get(l - 1) * widths.get(l), widths.get(l)));
        }
        return add(add(times(task.samples(), perSample), times(PARAMETER_COPIES, parameters)), task.dataDoubles());
    }

    /** Saturating: a sum or product too large for a long is Long.MAX_VALUE, still over every limit. */
    private static long add(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    private static long times(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long product = a * b;
        return high != 0 || product < 0 ? Long.MAX_VALUE : product;
    }

    /** A readable size of so many doubles, e.g. {@code 38.4 GiB}. */
    public static String describe(long doubles) {
        double bytes = 8.0 * doubles;
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int u = 0;
        while (bytes >= 1024 && u < units.length - 1) {
            bytes /= 1024;
            u++;
        }
        return u == 0 ? String.format(java.util.Locale.ROOT, "%.0f %s", bytes, units[u])
                : String.format(java.util.Locale.ROOT, "%.1f %s", bytes, units[u]);
    }
}
