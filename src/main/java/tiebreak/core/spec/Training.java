package tiebreak.core.spec;

import java.io.Serializable;
import java.util.Locale;

/**
 * How a run trains, beyond plain full-batch gradient descent: the perturbations of the protocol. Each is
 * "off" at its default ({@link #PLAIN}).
 *
 * @param batchSize   minibatch size B (0: full batch); batches are consecutive slices of a fresh permutation per
 *                    epoch, the last partial slice skipped
 * @param dropout     inverted-dropout probability p on every hidden unit, per sample and step
 * @param lrJitter    ρ: each parameter's fixed learning-rate factor max(1 + ρ·N(0,1), 0.01)
 * @param sequential  units of the tie layer updated one after another, the gradient recomputed after each
 * @param finiteDifference gradient by central differences with step {@code fdStep}, one parameter at a time
 * @param float32     every stored parameter, activation and gradient is float32
 * @param labelNoise  σ of fresh N(0, σ²) noise on the targets each step
 * @param inputNoise  σ of fresh N(0, σ²) noise on the inputs each step
 */
public record Training(
        OptimizerSpec optimizer,
        int batchSize,
        double weightDecay,
        double dropout,
        double gradNoise,
        double lrJitter,
        boolean sequential,
        boolean finiteDifference,
        double fdStep,
        boolean float32,
        double labelNoise,
        double inputNoise) implements Serializable {

    public static final double DEFAULT_FD_STEP = 1e-5;
    public static final Training PLAIN = new Training(OptimizerSpec.SGD, 0, 0, 0, 0, 0, false, false, DEFAULT_FD_STEP,
            false, 0, 0);

    public Training {
        require(batchSize >= 0, "batch_size", "expected an integer >= 0 (0: full batch)");
        require(nonNegative(weightDecay), "weight_decay", "expected a finite number >= 0");
        require(dropout >= 0 && dropout < 1, "dropout", "expected a probability in [0, 1)");
        require(nonNegative(gradNoise), "grad_noise", "expected a finite number >= 0");
        require(nonNegative(lrJitter), "lr_jitter", "expected a finite number >= 0");
        require(fdStep > 0 && Double.isFinite(fdStep), "fd_step", "expected a finite number > 0");
        require(nonNegative(labelNoise), "label_noise", "expected a finite number >= 0");
        require(nonNegative(inputNoise), "input_noise", "expected a finite number >= 0");
    }

    public String updateOrder() {
        return sequential ? "sequential" : "simultaneous";
    }

    public String gradient() {
        return finiteDifference ? "finite-difference" : "backprop";
    }

    public String precision() {
        return float32 ? "float32" : "float64";
    }

    /** The settings that differ from {@link #PLAIN}, as {@code ;key=value} pairs for the run id. */
    String canonicalChanges() {
        StringBuilder s = new StringBuilder();
        if (!optimizer.equals(PLAIN.optimizer)) {
            s.append(";optimizer=").append(optimizer.label());
        }
        append(s, "batch_size", batchSize, PLAIN.batchSize);
        append(s, "weight_decay", weightDecay, PLAIN.weightDecay);
        append(s, "dropout", dropout, PLAIN.dropout);
        append(s, "grad_noise", gradNoise, PLAIN.gradNoise);
        append(s, "lr_jitter", lrJitter, PLAIN.lrJitter);
        if (sequential) {
            s.append(";update_order=sequential");
        }
        if (finiteDifference) {
            s.append(";gradient=finite-difference;fd_step=").append(fdStep);
        }
        if (float32) {
            s.append(";precision=float32");
        }
        append(s, "label_noise", labelNoise, PLAIN.labelNoise);
        append(s, "input_noise", inputNoise, PLAIN.inputNoise);
        return s.toString();
    }

    /** A short description of what is switched on, e.g. {@code dropout=0.1 optimizer=adam}; "plain" if nothing. */
    public String describe() {
        String changes = canonicalChanges();
        return changes.isEmpty() ? "plain" : changes.substring(1).replace(';', ' ').toLowerCase(Locale.ROOT);
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

    private static boolean nonNegative(double v) {
        return v >= 0 && Double.isFinite(v);
    }

    private static void require(boolean ok, String key, String message) {
        if (!ok) {
            throw new InvalidSpecException(key, message);
        }
    }
}
