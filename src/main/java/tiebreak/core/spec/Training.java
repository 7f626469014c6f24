package tiebreak.core.spec;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import tiebreak.core.net.Labels;

/**
 * How a run trains, beyond plain full-batch gradient descent: the perturbations of the protocol. Each is
 * "off" at its default ({@link #PLAIN}).
 *
 * @param batchSize   minibatch size B (0: full batch); batches are consecutive slices of a fresh permutation per
 *                    epoch, the last partial slice skipped
 * @param dropout     inverted-dropout probability p on every hidden unit, per sample and step
 * @param lrJitter    ρ: each parameter's fixed learning-rate factor max(1 + ρ·N(0,1), 0.01)
 * @param updateOrder {@code sequential}: units of the tie layer updated one after another, the gradient recomputed
 *                    after each
 * @param gradient    {@code finite-difference}: central differences with step {@code fdStep}, one parameter at a time
 * @param precision   {@code float32}: every stored parameter, activation and gradient is float32
 * @param labelNoise  σ of fresh N(0, σ²) noise on the targets each step
 * @param inputNoise  σ of fresh N(0, σ²) noise on the inputs each step
 * @param splitHessian whether each checkpoint also measures the tied pair's split-direction Hessian (its three
 *                    smallest eigenvalues) and the run its predicted growth rate (docs/split-hessian.md); a
 *                    measurement, not a perturbation: the training is the same either way
 * @param duplicateAfter a start from a trained narrower net (0: off): the net without unit j of the tie layer
 *                    trained this many steps, then unit i duplicated into j (Fukumizu and Amari's construction,
 *                    docs/split-hessian.md)
 * @param duplicateRatio r: after duplication unit i keeps r·v of the narrow unit's outgoing weights v, unit j
 *                    gets (1 − r)·v, both its incoming weights and bias
 */
public record Training(
        OptimizerSpec optimizer,
        int batchSize,
        double weightDecay,
        double dropout,
        double gradNoise,
        double lrJitter,
        UpdateOrder updateOrder,
        Gradient gradient,
        double fdStep,
        Precision precision,
        double labelNoise,
        double inputNoise,
        boolean splitHessian,
        int duplicateAfter,
        double duplicateRatio) implements Serializable {

    public static final double DEFAULT_FD_STEP = 1e-5;
    public static final Training PLAIN = new Training(OptimizerSpec.SGD, 0, 0, 0, 0, 0, UpdateOrder.SIMULTANEOUS,
            Gradient.BACKPROP, DEFAULT_FD_STEP, Precision.FLOAT64, 0, 0, false, 0, 0.5);
    /** Where a duplicated unit's outgoing weights are shared equally, and the ratio's value without duplication. */
    public static final double DEFAULT_DUPLICATE_RATIO = PLAIN.duplicateRatio;

    /** The perturbations alone, with no split-Hessian measurement. */
    public Training(OptimizerSpec optimizer, int batchSize, double weightDecay, double dropout, double gradNoise,
            double lrJitter, UpdateOrder updateOrder, Gradient gradient, double fdStep, Precision precision,
            double labelNoise, double inputNoise) {
        this(optimizer, batchSize, weightDecay, dropout, gradNoise, lrJitter, updateOrder, gradient, fdStep, precision,
                labelNoise, inputNoise, false);
    }

    /** The perturbations and the split-Hessian switch, from a fresh start (no duplication). */
    public Training(OptimizerSpec optimizer, int batchSize, double weightDecay, double dropout, double gradNoise,
            double lrJitter, UpdateOrder updateOrder, Gradient gradient, double fdStep, Precision precision,
            double labelNoise, double inputNoise, boolean splitHessian) {
        this(optimizer, batchSize, weightDecay, dropout, gradNoise, lrJitter, updateOrder, gradient, fdStep, precision,
                labelNoise, inputNoise, splitHessian, 0, DEFAULT_DUPLICATE_RATIO);
    }

    /** The same training, measuring the split-direction Hessian or not. */
    public Training withSplitHessian(boolean measure) {
        return new Training(optimizer, batchSize, weightDecay, dropout, gradNoise, lrJitter, updateOrder, gradient,
                fdStep, precision, labelNoise, inputNoise, measure, duplicateAfter, duplicateRatio);
    }

    /** The same training, started from a narrower net trained {@code after} steps (0: fresh), split at ratio r. */
    public Training withDuplication(int after, double ratio) {
        return new Training(optimizer, batchSize, weightDecay, dropout, gradNoise, lrJitter, updateOrder, gradient,
                fdStep, precision, labelNoise, inputNoise, splitHessian, after, ratio);
    }

    /** Whether the run starts from a trained narrower net with one unit duplicated. */
    public boolean duplicates() {
        return duplicateAfter > 0;
    }

    /** In what order a step updates the parameters; {@link #label()} is the name in sweep files and tables. */
    public enum UpdateOrder {
        SIMULTANEOUS("simultaneous"),
        SEQUENTIAL("sequential");

        private final String label;

        UpdateOrder(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static UpdateOrder parse(String name) {
            return Training.parse(values(), UpdateOrder::label, name);
        }
    }

    /** How the gradient is computed. */
    public enum Gradient {
        BACKPROP("backprop"),
        FINITE_DIFFERENCE("finite-difference");

        private final String label;

        Gradient(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Gradient parse(String name) {
            return Training.parse(values(), Gradient::label, name);
        }
    }

    /** The floating-point format of everything a run stores. */
    public enum Precision {
        FLOAT64("float64"),
        FLOAT32("float32");

        private final String label;

        Precision(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Precision parse(String name) {
            return Training.parse(values(), Precision::label, name);
        }
    }

    public Training {
        Objects.requireNonNull(updateOrder, "updateOrder");
        Objects.requireNonNull(gradient, "gradient");
        Objects.requireNonNull(precision, "precision");
        require(batchSize >= 0, Keys.BATCH_SIZE, "expected an integer >= 0 (0: full batch)");
        require(nonNegative(weightDecay), Keys.WEIGHT_DECAY, "expected a finite number >= 0");
        require(dropout >= 0 && dropout < 1, Keys.DROPOUT, "expected a probability in [0, 1)");
        require(nonNegative(gradNoise), Keys.GRAD_NOISE, "expected a finite number >= 0");
        require(nonNegative(lrJitter), Keys.LR_JITTER, "expected a finite number >= 0");
        require(fdStep > 0 && Double.isFinite(fdStep), Keys.FD_STEP, "expected a finite number > 0");
        require(nonNegative(labelNoise), Keys.LABEL_NOISE, "expected a finite number >= 0");
        require(nonNegative(inputNoise), Keys.INPUT_NOISE, "expected a finite number >= 0");
        require(duplicateAfter >= 0, Keys.DUPLICATE_AFTER, "expected a step count >= 0 (0: no duplication)");
        require(Double.isFinite(duplicateRatio), Keys.DUPLICATE_RATIO, "expected a finite number");
        // without duplication the ratio means nothing, and two ratios would be two runs of one spec
        require(duplicateAfter > 0 || duplicateRatio == 0.5, Keys.DUPLICATE_RATIO,
                "applies only to a duplicated unit: expected duplicate_after > 0 with it");
    }

    /** Whether the units of the tie layer are updated one after another. */
    public boolean sequential() {
        return updateOrder == UpdateOrder.SEQUENTIAL;
    }

    /** Whether the gradient is by finite differences. */
    public boolean finiteDifference() {
        return gradient == Gradient.FINITE_DIFFERENCE;
    }

    /** Whether the run is in float32. */
    public boolean float32() {
        return precision == Precision.FLOAT32;
    }

    /** The settings that differ from {@link #PLAIN}, as {@code ;key=value} pairs for the run id. */
    String canonicalChanges() {
        StringBuilder s = new StringBuilder();
        if (!optimizer.equals(PLAIN.optimizer)) {
            append(s, Keys.OPTIMIZER, optimizer.label());
        }
        append(s, Keys.BATCH_SIZE, batchSize, PLAIN.batchSize);
        append(s, Keys.WEIGHT_DECAY, weightDecay, PLAIN.weightDecay);
        append(s, Keys.DROPOUT, dropout, PLAIN.dropout);
        append(s, Keys.GRAD_NOISE, gradNoise, PLAIN.gradNoise);
        append(s, Keys.LR_JITTER, lrJitter, PLAIN.lrJitter);
        if (updateOrder != PLAIN.updateOrder) {
            append(s, Keys.UPDATE_ORDER, updateOrder.label());
        }
        if (gradient != PLAIN.gradient) {
            append(s, Keys.GRADIENT, gradient.label());
            append(s, Keys.FD_STEP, String.valueOf(fdStep));
        }
        if (precision != PLAIN.precision) {
            append(s, Keys.PRECISION, precision.label());
        }
        append(s, Keys.LABEL_NOISE, labelNoise, PLAIN.labelNoise);
        append(s, Keys.INPUT_NOISE, inputNoise, PLAIN.inputNoise);
        if (splitHessian) {
            append(s, Keys.SPLIT_HESSIAN, "true");
        }
        if (duplicateAfter > 0) {
            append(s, Keys.DUPLICATE_AFTER, String.valueOf(duplicateAfter));
            append(s, Keys.DUPLICATE_RATIO, String.valueOf(duplicateRatio));
        }
        return s.toString();
    }

    /** A short description of what is switched on, e.g. {@code dropout=0.1 optimizer=adam}; "plain" if nothing. */
    public String describe() {
        String changes = canonicalChanges();
        return changes.isEmpty() ? "plain" : changes.substring(1).replace(';', ' ').toLowerCase(Locale.ROOT);
    }

    private static void append(StringBuilder s, String key, String value) {
        s.append(';').append(key).append('=').append(value);
    }

    private static void append(StringBuilder s, String key, double value, double plain) {
        if (value != plain) {
            s.append(';').append(key).append('=').append(value);
        }
    }

    private static void append(StringBuilder s, String key, int value, int plain) {
        if (value != plain) {
            s.append(';').append(key).append('=').append(value);
        }
    }

    /** The constant of this label, or a refusal naming the labels. */
    private static <E> E parse(E[] values, Function<E, String> label, String name) {
        return Labels.find(values, label, name).orElseThrow(() -> new IllegalArgumentException(
                "unknown value '" + name + "', expected one of " + Labels.list(values, label)));
    }

    private static boolean nonNegative(double v) {
        return v >= 0 && Double.isFinite(v);
    }

    private static void require(boolean ok, String key, String message) {
        if (!ok) {
            throw new InvalidSpecException(key, message);
        }
    }
}
