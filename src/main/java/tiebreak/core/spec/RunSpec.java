package tiebreak.core.spec;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import tiebreak.core.net.Activation;
import tiebreak.core.net.InitScheme;

/**
 * Everything that determines one run. A run's result depends on this record alone.
 *
 * @param sweep       name of the sweep the run belongs to (not part of {@link #runId()}: it does not change the result)
 * @param widths      layer widths {@code [d, h1, ..., hL, k]}
 * @param tieLayer    hidden layer of the tied pair, 1-based
 * @param tieUnits    the tied group {@code [i, j, ...]} of that layer; the others are copied from {@code i}
 * @param epsilon     start distance added to unit j's tied parameters after tying
 * @param delta       outcome threshold δ on rel
 * @param checkpoints number of log-spaced checkpoints (besides step 0 and the last step, which are always measured)
 * @param training    optimizer and perturbations
 * @param variant     label of the sweep-file variant the run came from (not part of {@link #runId()})
 */
public record RunSpec(
        String sweep,
        TaskSpec task,
        long dataSeed,
        long initSeed,
        List<Integer> widths,
        Activation activation,
        InitScheme init,
        int tieLayer,
        List<Integer> tieUnits,
        TieMode tieMode,
        double epsilon,
        int steps,
        double lr,
        double delta,
        int checkpoints,
        Training training,
        String variant) implements Serializable {

    /**
     * Version of the training arithmetic: raised whenever the same spec would train to different bits
     * (2: the activation's tanh became {@link tiebreak.core.math.DetMath#fastTanh}; 3: fastTanh one quotient of fdlibm's R(r²)
     * instead of a Taylor e^{−2s} − 1). Part of a sweep's spec hash, so a sweep
     * folder is never resumed with other arithmetic than it was started with; not part of {@link #runId()}.
     */
    public static final int ARITHMETIC = 3;

    public RunSpec {
        training = training == null ? Training.PLAIN : training;
        variant = variant == null ? "" : variant;
        widths = List.copyOf(widths);
        tieUnits = List.copyOf(tieUnits);
        // Every check tests first and builds its message only when it fails: a sweep constructs every run's
        // spec on the driver and again where it is deserialised, and formatting the messages of checks that
        // pass was most of that time (String.format alone, 200,000 one-step runs).
        if (widths.size() < 3) {
            throw invalid(Keys.WIDTHS, "expected [inputs, hidden..., outputs] with at least one hidden layer");
        }
        for (int w : widths) {
            if (w < 1) {
                throw invalid(Keys.WIDTHS, "every width must be at least 1");
            }
        }
        if (widths.get(0) != task.inputs()) {
            throw invalid(Keys.WIDTHS, "widths starts with " + widths.get(0) + " but the task has " + task.inputs()
                    + " inputs");
        }
        if (widths.get(widths.size() - 1) != task.outputs()) {
            throw invalid(Keys.WIDTHS, "widths ends with " + widths.get(widths.size() - 1) + " but the task has "
                    + task.outputs() + " output(s)");
        }
        if (tieLayer < 1 || tieLayer > widths.size() - 2) {
            throw invalid(Keys.TIE_LAYER, "tie layer " + tieLayer + " is not a hidden layer (1.." + (widths.size() - 2)
                    + ")");
        }
        if (tieUnits.size() < 2) {
            throw invalid(Keys.TIE_UNITS, "expected a group of at least two units [i, j, ...]");
        }
        int width = widths.get(tieLayer);
        for (int u : tieUnits) {
            if (u < 0 || u >= width) {
                throw invalid(Keys.TIE_UNITS, "tie unit " + u + " is out of range for layer " + tieLayer + " of width "
                        + width);
            }
        }
        for (int i = 1; i < tieUnits.size(); i++) {
            if (tieUnits.subList(0, i).contains(tieUnits.get(i))) {
                throw invalid(Keys.TIE_UNITS, "expected different units");
            }
        }
        if (training.duplicates()) {
            if (tieMode != TieMode.IN || tieUnits.size() != 2) {
                throw invalid(Keys.DUPLICATE_AFTER, "a duplicated unit starts with its twin's incoming weights and its "
                        + "own share of the outgoing ones: expected tie_mode in and a pair of tie_units");
            }
            if (width < 3) {
                throw invalid(Keys.DUPLICATE_AFTER, "the narrow net needs at least two units in layer " + tieLayer
                        + ", expected a width of at least 3, got " + width);
            }
        }
        if (training.batchSize() > task.samples()) {
            throw invalid(Keys.BATCH_SIZE, "expected at most the task's " + task.samples() + " samples, got "
                    + training.batchSize());
        }
        if (!(epsilon >= 0 && Double.isFinite(epsilon))) {
            throw invalid(Keys.EPSILON, "expected a finite number >= 0");
        }
        if (steps < 1) {
            throw invalid(Keys.STEPS, "expected an integer >= 1");
        }
        if (!(lr > 0 && Double.isFinite(lr))) {
            throw invalid(Keys.LR, "expected a finite number > 0");
        }
        if (!(delta > 0 && Double.isFinite(delta))) {
            throw invalid(Keys.DELTA, "expected a finite number > 0");
        }
        if (checkpoints < 2) {
            throw invalid(Keys.CHECKPOINTS, "expected an integer >= 2");
        }
        if (steps > RunLimits.MAX_STEPS) {
            throw invalid(Keys.STEPS, "expected at most " + RunLimits.MAX_STEPS
                    + " steps (step counters are 32-bit), got " + steps);
        }
        if (checkpoints > RunLimits.MAX_CHECKPOINTS) {
            throw invalid(Keys.CHECKPOINTS, "expected at most " + RunLimits.MAX_CHECKPOINTS
                    + " (one trajectories row per checkpoint and run), got " + checkpoints);
        }
        long doubles = RunLimits.arrayDoubles(task, widths);
        if (doubles > RunLimits.MAX_ARRAY_DOUBLES) {
            throw invalid(Keys.WIDTHS, String.format(java.util.Locale.ROOT,
                    "a run of widths %s on %,d samples needs %s of arrays, over the limit of %s per run; use narrower "
                            + "layers or fewer samples", widths, task.samples(),
                    doubles == Long.MAX_VALUE ? "more than 8 EiB" : "about " + RunLimits.describe(doubles),
                    RunLimits.describe(RunLimits.MAX_ARRAY_DOUBLES)));
        }
    }

    public int hiddenLayers() {
        return widths.size() - 2;
    }

    public int unitI() {
        return tieUnits.get(0);
    }

    public int unitJ() {
        return tieUnits.get(1);
    }

    /** The convenience constructor for plain gradient descent. */
    public RunSpec(String sweep, TaskSpec task, long dataSeed, long initSeed, List<Integer> widths, Activation activation,
            InitScheme init, int tieLayer, List<Integer> tieUnits, TieMode tieMode, double epsilon, int steps,
            double lr, double delta, int checkpoints) {
        this(sweep, task, dataSeed, initSeed, widths, activation, init, tieLayer, tieUnits, tieMode, epsilon, steps, lr,
                delta, checkpoints, Training.PLAIN, "");
    }

    public RunSpec withTraining(Training newTraining) {
        return new RunSpec(sweep, task, dataSeed, initSeed, widths, activation, init, tieLayer, tieUnits, tieMode,
                epsilon, steps, lr, delta, checkpoints, newTraining, variant);
    }

    /**
     * Everything that determines the result, in a fixed order. Perturbations added later must appear here
     * only when they differ from "off", so that the ids of existing runs never change.
     */
    public String canonical() {
        return Keys.TASK + "=" + task.name() + "(" + task.params() + ")"
                + pair(Keys.DATA_SEED, dataSeed)
                + pair(Keys.INIT_SEED, initSeed)
                + pair(Keys.WIDTHS, widths)
                + pair(Keys.ACTIVATION, activation.label())
                + pair(Keys.INIT, init.label())
                + pair("tie", tieLayer + ":" + tieUnits)      // tie_layer and tie_units in one pair, as in every run id so far
                + pair(Keys.TIE_MODE, tieMode.label())
                + pair(Keys.EPSILON, epsilon)
                + pair(Keys.STEPS, steps)
                + pair(Keys.LR, lr)
                + pair(Keys.DELTA, delta)
                + pair(Keys.CHECKPOINTS, checkpoints)
                + training.canonicalChanges();
    }

    /** The first 16 hex digits of SHA-256 of {@link #canonical()}: stable across machines and versions. */
    public String runId() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static String pair(String key, Object value) {
        return ";" + key + "=" + value;
    }

    private static InvalidSpecException invalid(String key, String message) {
        return new InvalidSpecException(key, message);
    }
}
