package tiebreak.core;

import java.util.Arrays;

/** Which parameters of unit j are copied from unit i after init (protocol, "Tie modes"). */
public enum TieMode {
    NONE("none", true, true),
    IN("in", true, false),
    OUT("out", false, true),
    IN_OUT("in+out", true, true);

    private final String label;
    private final boolean measuresIn;
    private final boolean measuresOut;

    TieMode(String label, boolean measuresIn, boolean measuresOut) {
        this.label = label;
        this.measuresIn = measuresIn;
        this.measuresOut = measuresOut;
    }

    public String label() {
        return label;
    }

    /** Whether the incoming weights and bias belong to the tied parameters P (for {@code none}: all parameters). */
    public boolean inPartOfP() {
        return measuresIn;
    }

    /** Whether the outgoing weights belong to the tied parameters P. */
    public boolean outPartOfP() {
        return measuresOut;
    }

    public boolean copiesIn() {
        return this == IN || this == IN_OUT;
    }

    public boolean copiesOut() {
        return this == OUT || this == IN_OUT;
    }

    public static TieMode parse(String name) {
        for (TieMode m : values()) {
            if (m.label.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown tie mode '" + name + "', expected one of " + labels());
    }

    public static String labels() {
        return Arrays.stream(values()).map(TieMode::label).toList().toString();
    }
}
