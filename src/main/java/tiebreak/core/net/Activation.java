package tiebreak.core.net;

import java.util.Locale;
import tiebreak.core.math.DetErf;
import tiebreak.core.math.DetMath;

/**
 * Hidden-layer activation functions. Every function is computed from IEEE basic operations
 * ({@link DetMath}), so a run gives the same bits on every JVM.
 *
 * <p>Each constant carries its own array loops: a shared loop calling {@link #apply} would see all four
 * constants in one Spark partition, and the JIT would then make a virtual call per element instead of
 * inlining the function (measured: about a third of a ReLU run's time).
 */
public enum Activation {
    TANH("tanh") {
        @Override public double apply(double z) { return DetMath.fastTanh(z); }
        @Override public double derivative(double z, double a) { return 1.0 - a * a; }
        @Override public double secondDerivative(double z, double a) { return -2.0 * a * (1.0 - a * a); }

        @Override public void forward(double[] z, double[] a, int size) {
            for (int k = 0; k < size; k++) {
                a[k] = DetMath.fastTanh(z[k]);
            }
        }

        @Override void backward(double[] upstream, double[] z, double[] a, double[] dz, int size) {
            for (int k = 0; k < size; k++) {
                dz[k] = upstream[k] * (1.0 - a[k] * a[k]);
            }
        }
    },
    RELU("relu") {
        @Override public double apply(double z) { return z > 0.0 ? z : 0.0; }
        @Override public double derivative(double z, double a) { return z > 0.0 ? 1.0 : 0.0; }
        @Override public double secondDerivative(double z, double a) { return 0.0; }  // except at 0, where none exists

        @Override public void forward(double[] z, double[] a, int size) {
            for (int k = 0; k < size; k++) {
                a[k] = z[k] > 0.0 ? z[k] : 0.0;
            }
        }

        @Override void backward(double[] upstream, double[] z, double[] a, double[] dz, int size) {
            for (int k = 0; k < size; k++) {
                dz[k] = upstream[k] * (z[k] > 0.0 ? 1.0 : 0.0);
            }
        }
    },
    SIGMOID("sigmoid") {
        @Override public double apply(double z) { return DetMath.sigmoid(z); }
        @Override public double derivative(double z, double a) { return a * (1.0 - a); }
        @Override public double secondDerivative(double z, double a) { return a * (1.0 - a) * (1.0 - 2.0 * a); }

        @Override public void forward(double[] z, double[] a, int size) {
            for (int k = 0; k < size; k++) {
                a[k] = DetMath.sigmoid(z[k]);
            }
        }

        @Override void backward(double[] upstream, double[] z, double[] a, double[] dz, int size) {
            for (int k = 0; k < size; k++) {
                dz[k] = upstream[k] * (a[k] * (1.0 - a[k]));
            }
        }
    },
    /** The exact GELU, z·Φ(z) with the erf-based normal CDF (not the tanh approximation). */
    GELU("gelu") {
        @Override public double apply(double z) { return DetErf.gelu(z); }
        @Override public double derivative(double z, double a) { return DetErf.geluDerivative(z); }
        /** φ(z)(2 − z²), φ the standard normal density. */
        @Override public double secondDerivative(double z, double a) {
            return DetMath.exp(-0.5 * z * z) * DetErf.INV_SQRT_2PI * (2.0 - z * z);
        }

        @Override public void forward(double[] z, double[] a, int size) {
            for (int k = 0; k < size; k++) {
                a[k] = DetErf.gelu(z[k]);
            }
        }

        @Override void backward(double[] upstream, double[] z, double[] a, double[] dz, int size) {
            for (int k = 0; k < size; k++) {
                dz[k] = upstream[k] * DetErf.geluDerivative(z[k]);
            }
        }
    },
    LINEAR("linear") {
        @Override public double apply(double z) { return z; }
        @Override public double derivative(double z, double a) { return 1.0; }
        @Override public double secondDerivative(double z, double a) { return 0.0; }

        @Override public void forward(double[] z, double[] a, int size) {
            System.arraycopy(z, 0, a, 0, size);
        }

        @Override void backward(double[] upstream, double[] z, double[] a, double[] dz, int size) {
            for (int k = 0; k < size; k++) {
                dz[k] = upstream[k] * 1.0;
            }
        }
    };

    private final String label;

    Activation(String label) {
        this.label = label;
    }

    /** f(z). */
    public abstract double apply(double z);

    /** f'(z), given also a = f(z) (cheaper for tanh and sigmoid). */
    public abstract double derivative(double z, double a);

    /** f''(z), given also a = f(z); for the split-direction Hessian (docs/split-hessian.md). */
    public abstract double secondDerivative(double z, double a);

    /** a[k] = f(z[k]) for k < size; bit-identical to {@link #apply}. */
    public abstract void forward(double[] z, double[] a, int size);

    /** dz[k] = upstream[k] · f'(z[k]), bit-identical to {@code upstream[k] * derivative(z[k], a[k])}. */
    abstract void backward(double[] upstream, double[] z, double[] a, double[] dz, int size);

    public String label() {
        return label;
    }

    /**
     * Whether f is twice differentiable everywhere: not relu, whose kink makes a difference quotient of the
     * gradient across it a jump over the step, not a second derivative.
     */
    public boolean smooth() {
        return this != RELU;
    }

    /** Parses a sweep-file name such as {@code tanh}; throws {@link IllegalArgumentException} naming the choices. */
    public static Activation parse(String name) {
        return Labels.find(values(), Activation::label, name.toLowerCase(Locale.ROOT)).orElseThrow(() ->
                new IllegalArgumentException("unknown activation '" + name + "', expected one of " + labels()));
    }

    public static String labels() {
        return Labels.list(values(), Activation::label);
    }
}
