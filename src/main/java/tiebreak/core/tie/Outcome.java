package tiebreak.core.tie;

/** The outcome of a run (protocol, "Outcome of a run"). */
public enum Outcome {
    FAILED, NONFINITE, UNTIED, TIED, DIVERGED, MERGED, SPLIT;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
