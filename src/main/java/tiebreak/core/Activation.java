package tiebreak.core;

import java.util.Arrays;
import java.util.Locale;

/**
 * Hidden-layer activation functions. Every function is computed from IEEE basic operations
 * ({@link DetMath}), so a run gives the same bits on every JVM.
 */
public enum Activation {
    TANH("tanh") {
        @Override public double apply(double z) { return DetMath.tanh(z); }
        @Override public double derivative(double z, double a) { return 1.0 - a * a; }
    },
    RELU("relu") {
        @Override public double apply(double z) { return z > 0.0 ? z : 0.0; }
        @Override public double derivative(double z, double a) { return z > 0.0 ? 1.0 : 0.0; }
    },
    SIGMOID("sigmoid") {
        @Override public double apply(double z) { return DetMath.sigmoid(z); }
        @Override public double derivative(double z, double a) { return a * (1.0 - a); }
    },
    LINEAR("linear") {
        @Override public double apply(double z) { return z; }
        @Override public double derivative(double z, double a) { return 1.0; }
    };

    private final String label;

    Activation(String label) {
        this.label = label;
    }

    /** f(z). */
    public abstract double apply(double z);

    /** f'(z), given also a = f(z) (cheaper for tanh and sigmoid). */
    public abstract double derivative(double z, double a);

    public String label() {
        return label;
    }

    /** Parses a sweep-file name such as {@code tanh}; throws {@link IllegalArgumentException} naming the choices. */
    public static Activation parse(String name) {
        for (Activation a : values()) {
            if (a.label.equals(name.toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "', expected one of " + labels());
    }

    public static String labels() {
        return Arrays.stream(values()).map(Activation::label).toList().toString();
    }
}
