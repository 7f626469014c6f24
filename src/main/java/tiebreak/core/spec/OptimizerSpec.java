package tiebreak.core.spec;

import java.io.Serializable;
import java.util.List;

/**
 * The optimizer of a run: {@code sgd}; {@code momentum:β} (v ← βv + g, θ ← θ − lr·v); {@code adam}
 * (β1 0.9, β2 0.999, ε 1e-8, bias-corrected); {@code rmsprop} or {@code rmsprop:ρ} (s ← ρs + (1−ρ)g²,
 * θ ← θ − lr·g/(√s + 1e-8), ρ 0.9 by default).
 */
public record OptimizerSpec(String kind, double beta) implements Serializable {
    public static final OptimizerSpec SGD = new OptimizerSpec("sgd", 0);
    public static final List<String> KINDS = List.of("sgd", "momentum:β", "adam", "rmsprop", "rmsprop:ρ");

    public OptimizerSpec {
        switch (kind) {
            case "sgd", "adam" -> require(beta == 0, kind + " takes no parameter");
            case "momentum", "rmsprop" -> require(beta >= 0 && beta < 1, kind + " needs 0 <= β < 1, got " + beta);
            default -> throw new IllegalArgumentException("unknown optimizer '" + kind + "', expected one of " + KINDS);
        }
    }

    public String label() {
        return beta == 0 && !kind.equals("momentum") ? kind : kind + ":" + beta;
    }

    public static OptimizerSpec parse(String text) {
        String name = text.strip();
        int colon = name.indexOf(':');
        if (colon < 0) {
            if (name.equals("rmsprop")) {
                return new OptimizerSpec("rmsprop", 0.9);
            }
            if (name.equals("momentum")) {
                throw new IllegalArgumentException("momentum needs its β, e.g. momentum:0.9");
            }
            return new OptimizerSpec(name, 0);
        }
        try {
            return new OptimizerSpec(name.substring(0, colon), Double.parseDouble(name.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unknown optimizer '" + text + "', expected one of " + KINDS);
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
