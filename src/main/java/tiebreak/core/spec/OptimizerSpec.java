package tiebreak.core.spec;

import java.io.Serializable;
import java.util.List;
import tiebreak.core.net.Labels;

/**
 * The optimizer of a run: {@code sgd}; {@code momentum:β} (v ← βv + g, θ ← θ − lr·v); {@code adam}
 * (β1 {@value #ADAM_BETA1}, β2 {@value #ADAM_BETA2}, ε {@value #EPS}, bias-corrected); {@code rmsprop} or
 * {@code rmsprop:ρ} (s ← ρs + (1−ρ)g², θ ← θ − lr·g/(√s + ε), ρ {@value #RMSPROP_RHO} by default).
 */
public record OptimizerSpec(Kind kind, double beta) implements Serializable {
    /** Adam's decay of the first moment, the same for every trainer. */
    public static final double ADAM_BETA1 = 0.9;
    /** Adam's decay of the second moment. */
    public static final double ADAM_BETA2 = 0.999;
    /** The ε added to the root of the second moment by Adam and RMSprop. */
    public static final double EPS = 1e-8;
    /** RMSprop's ρ when the sweep file gives plain {@code rmsprop}. */
    public static final double RMSPROP_RHO = 0.9;

    public static final OptimizerSpec SGD = new OptimizerSpec(Kind.SGD, 0);
    public static final List<String> KINDS = List.of("sgd", "momentum:β", "adam", "rmsprop", "rmsprop:ρ");

    /** The update rules; {@link #label()} is the name in sweep files, run ids and tables. */
    public enum Kind {
        SGD("sgd"),
        MOMENTUM("momentum"),
        RMSPROP("rmsprop"),
        ADAM("adam");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** Whether the rule has a β (momentum's β, RMSprop's ρ); the others take none. */
        public boolean hasBeta() {
            return switch (this) {
                case SGD, ADAM -> false;
                case MOMENTUM, RMSPROP -> true;
            };
        }

        /** The kind of this name, or null. */
        static Kind byLabel(String name) {
            return Labels.find(values(), Kind::label, name).orElse(null);
        }
    }

    public OptimizerSpec {
        // the message built only on failure: a spec is checked for every run (docs/performance.md)
        if (kind.hasBeta() && !(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException(kind.label + " needs 0 <= β < 1, got " + beta);
        }
        if (!kind.hasBeta() && beta != 0) {
            throw new IllegalArgumentException(kind.label + " takes no parameter");
        }
    }

    public String label() {
        return beta == 0 && kind != Kind.MOMENTUM ? kind.label : kind.label + ":" + beta;
    }

    /** Parses {@code sgd}, {@code momentum:0.9}, {@code adam}, {@code rmsprop}, {@code rmsprop:0.5}. */
    public static OptimizerSpec parse(String text) {
        String name = text.strip();
        int colon = name.indexOf(':');
        if (colon < 0) {
            Kind kind = kind(name);
            return switch (kind) {
                case SGD, ADAM -> new OptimizerSpec(kind, 0);
                case RMSPROP -> new OptimizerSpec(kind, RMSPROP_RHO);
                case MOMENTUM -> throw new IllegalArgumentException("momentum needs its β, e.g. momentum:0.9");
            };
        }
        double beta;
        try {
            beta = Double.parseDouble(name.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw unknown(text);
        }
        return new OptimizerSpec(kind(name.substring(0, colon)), beta);
    }

    private static Kind kind(String name) {
        Kind kind = Kind.byLabel(name);
        if (kind == null) {
            throw unknown(name);
        }
        return kind;
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown optimizer '" + name + "', expected one of " + KINDS);
    }
}
