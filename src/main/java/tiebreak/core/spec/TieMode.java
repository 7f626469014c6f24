package tiebreak.core.spec;

import tiebreak.core.net.Labels;

/** Which parameters of the tied units are copied from the first unit after init (protocol, "Tie modes"). */
public enum TieMode {
    NONE("none"),
    IN("in"),
    OUT("out"),
    IN_OUT("in+out"),
    /** Every unit of the layer made equal to the first tied unit; measured like in+out on the tied units. */
    ALL("all");

    private final String label;

    TieMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether the incoming weights and bias belong to the tied parameters P (for {@code none}: all parameters). */
    public boolean inPartOfP() {
        return this != OUT;
    }

    /** Whether the outgoing weights belong to the tied parameters P. */
    public boolean outPartOfP() {
        return this != IN;
    }

    public boolean copiesIn() {
        return this == IN || this == IN_OUT || this == ALL;
    }

    public boolean copiesOut() {
        return this == OUT || this == IN_OUT || this == ALL;
    }

    public static TieMode parse(String name) {
        return Labels.find(values(), TieMode::label, name).orElseThrow(() -> new IllegalArgumentException(
                "unknown tie mode '" + name + "', expected one of " + labels()));
    }

    public static String labels() {
        return Labels.list(values(), TieMode::label);
    }
}
