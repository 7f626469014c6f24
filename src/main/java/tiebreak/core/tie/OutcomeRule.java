package tiebreak.core.tie;

import tiebreak.core.spec.TieMode;

/** The protocol's outcome table, checked in its order. */
public final class OutcomeRule {
    private OutcomeRule() {
    }

    /** Outcome of a run that neither threw nor went non-finite. */
    public static Outcome classify(TieMode mode, double distStart, double distEnd, double relEnd, double delta) {
        if (mode == TieMode.NONE) {
            return Outcome.UNTIED;
        }
        if (distEnd == 0.0) {
            return Outcome.TIED;
        }
        if (isDiverged(distStart, distEnd, relEnd, delta)) {
            return Outcome.DIVERGED;
        }
        if (distStart > 0.0 && distEnd <= distStart / 10.0) {
            return Outcome.MERGED;
        }
        return Outcome.SPLIT;
    }

    /** Both conditions of {@code diverged}: macroscopic (rel ≥ δ) and grown at least tenfold. */
    public static boolean isDiverged(double distStart, double dist, double rel, double delta) {
        return rel >= delta && dist >= 10.0 * distStart;
    }
}
