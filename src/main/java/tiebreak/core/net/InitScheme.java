package tiebreak.core.net;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import tiebreak.core.math.Rng;

/**
 * How weights are drawn before tying; biases always start at zero. {@code lecun-normal}: N(0, 1/fan_in);
 * {@code xavier-uniform}: U(−a, a) with a = √(6/(fan_in + fan_out)); {@code he-normal}: N(0, 2/fan_in);
 * {@code zero}; {@code constant:c}: every weight c.
 */
public record InitScheme(Kind kind, double constant) implements Serializable {
    public static final InitScheme LECUN_NORMAL = new InitScheme(Kind.LECUN_NORMAL, 0);
    public static final List<String> KINDS = List.of("lecun-normal", "xavier-uniform", "he-normal", "zero", "constant:c");

    /** The ways of drawing a weight; {@link #label()} is the name in sweep files ({@code constant} takes its c). */
    public enum Kind {
        LECUN_NORMAL("lecun-normal"),
        XAVIER_UNIFORM("xavier-uniform"),
        HE_NORMAL("he-normal"),
        ZERO("zero"),
        CONSTANT("constant");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public InitScheme {
        Objects.requireNonNull(kind, "kind");
        if (!Double.isFinite(constant) || (kind != Kind.CONSTANT && constant != 0)) {
            throw new IllegalArgumentException("init constant must be finite, and only for constant:c");
        }
    }

    public String label() {
        return kind == Kind.CONSTANT ? "constant:" + constant : kind.label;
    }

    /** One weight of a layer with the given fan-in and fan-out. */
    public double draw(Rng rng, int fanIn, int fanOut) {
        return switch (kind) {
            case LECUN_NORMAL -> rng.nextGaussian() * StrictMath.sqrt(1.0 / fanIn);
            case HE_NORMAL -> rng.nextGaussian() * StrictMath.sqrt(2.0 / fanIn);
            case XAVIER_UNIFORM -> (2.0 * rng.nextDouble() - 1.0) * StrictMath.sqrt(6.0 / (fanIn + fanOut));
            case ZERO -> 0.0;
            case CONSTANT -> constant;
        };
    }

    /** Parses {@code lecun-normal}, ..., {@code constant:0.5}. */
    public static InitScheme parse(String text) {
        String name = text.strip();
        if (name.startsWith("constant:")) {
            try {
                return new InitScheme(Kind.CONSTANT, Double.parseDouble(name.substring("constant:".length())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("unknown init '" + text + "': constant:c needs a number c");
            }
        }
        Kind kind = Labels.find(Kind.values(), Kind::label, name).orElseThrow(() -> new IllegalArgumentException(
                "unknown init '" + name + "', expected one of " + KINDS));
        return new InitScheme(kind, 0);
    }
}
