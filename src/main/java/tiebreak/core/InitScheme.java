package tiebreak.core;

import java.util.Arrays;

/** How weights are drawn before tying; biases always start at zero. */
public enum InitScheme {
    /** W ~ N(0, 1/fan_in). */
    LECUN_NORMAL("lecun-normal");

    private final String label;

    InitScheme(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** One weight of a layer with the given fan-in. */
    public double draw(Rng rng, int fanIn, int fanOut) {
        return rng.nextGaussian() * StrictMath.sqrt(1.0 / fanIn);
    }

    public static InitScheme parse(String name) {
        for (InitScheme s : values()) {
            if (s.label.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown init '" + name + "', expected one of " + labels());
    }

    public static String labels() {
        return Arrays.stream(values()).map(InitScheme::label).toList().toString();
    }
}
