package tiebreak.core.net;

import java.io.Serializable;
import java.util.List;
import tiebreak.core.math.Rng;

/**
 * How weights are drawn before tying; biases always start at zero. {@code lecun-normal}: N(0, 1/fan_in);
 * {@code xavier-uniform}: U(−a, a) with a = √(6/(fan_in + fan_out)); {@code he-normal}: N(0, 2/fan_in);
 * {@code zero}; {@code constant:c}: every weight c.
 */
public record InitScheme(String kind, double constant) implements Serializable {
    public static final InitScheme LECUN_NORMAL = new InitScheme("lecun-normal", 0);
    public static final List<String> KINDS = List.of("lecun-normal", "xavier-uniform", "he-normal", "zero", "constant:c");

    public InitScheme {
        if (!List.of("lecun-normal", "xavier-uniform", "he-normal", "zero", "constant").contains(kind)) {
            throw new IllegalArgumentException("unknown init '" + kind + "', expected one of " + KINDS);
        }
        if (!Double.isFinite(constant) || (!kind.equals("constant") && constant != 0)) {
            throw new IllegalArgumentException("init constant must be finite, and only for constant:c");
        }
    }

    public String label() {
        return kind.equals("constant") ? "constant:" + constant : kind;
    }

    /** One weight of a layer with the given fan-in and fan-out. */
    public double draw(Rng rng, int fanIn, int fanOut) {
        return switch (kind) {
            case "lecun-normal" -> rng.nextGaussian() * StrictMath.sqrt(1.0 / fanIn);
            case "he-normal" -> rng.nextGaussian() * StrictMath.sqrt(2.0 / fanIn);
            case "xavier-uniform" -> (2.0 * rng.nextDouble() - 1.0) * StrictMath.sqrt(6.0 / (fanIn + fanOut));
            case "zero" -> 0.0;
            default -> constant;
        };
    }

    /** Parses {@code lecun-normal}, ..., {@code constant:0.5}. */
    public static InitScheme parse(String text) {
        String name = text.strip();
        if (name.startsWith("constant:")) {
            try {
                return new InitScheme("constant", Double.parseDouble(name.substring("constant:".length())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("unknown init '" + text + "': constant:c needs a number c");
            }
        }
        return new InitScheme(name, 0);
    }
}
