package tiebreak.core.tie;

import java.util.List;
import java.util.function.IntToDoubleFunction;
import tiebreak.core.spec.RunSpec;

/** Per-run figures derived from the checkpoints (protocol, "Measurements" and "Outcome of a run"). */
public final class Measurements {
    private Measurements() {
    }

    /** The run's result from its checkpoints; {@code duplication} is what a duplicated start measured, or null. */
    public static RunResult summarise(RunSpec spec, List<Checkpoint> checkpoints, boolean finite, long wallMs,
            Duplication duplication) {
        Checkpoint first = checkpoints.get(0);
        Checkpoint last = checkpoints.get(checkpoints.size() - 1);
        double delta = spec.delta();
        Outcome outcome = finite
                ? OutcomeRule.classify(spec.tieMode(), first.dist(), last.dist(), last.rel(), delta)
                : Outcome.NONFINITE;
        return new RunResult(spec, outcome, first.dist(), last.dist(), last.rel(),
                divergeStep(checkpoints, delta), growthRate(checkpoints, delta), last.loss(),
                Double.isNaN(last.accuracy()) ? null : last.accuracy(), wallMs, null, checkpoints,
                duplication);
    }

    /** The first checkpoint at which both conditions of {@code diverged} hold; null if none. */
    static Integer divergeStep(List<Checkpoint> checkpoints, double delta) {
        double start = checkpoints.get(0).dist();
        for (Checkpoint c : checkpoints) {
            if (OutcomeRule.isDiverged(start, c.dist(), c.rel(), delta)) {
                return c.step();
            }
        }
        return null;
    }

    /**
     * The growth rate the linearisation predicts (docs/split-hessian.md): the least-squares slope, over the
     * checkpoints {@link #growthRate} fits, of the predicted ln dist(t): from the first of those checkpoints,
     * each gap between checkpoints adds its steps times the mean of the rates predicted for it from its two
     * ends ({@link Checkpoint#splitRate} of the first, {@link Checkpoint#splitRateBefore} of the second, each
     * from the H_aa and the split measured there); so the two rates weigh the same steps alike. Null where
     * growthRate is, or where a rate the window needs is not known.
     */
    static Double predictedGrowth(List<Checkpoint> checkpoints, double delta) {
        int first = -1;
        int last = -1;
        for (int k = 0; k < checkpoints.size(); k++) {
            if (inGrowthWindow(checkpoints.get(k), delta)) {
                first = first < 0 ? k : first;
                last = k;
            }
        }
        if (first < 0 || first == last) {
            return null;
        }
        double[] predicted = new double[last - first + 1];
        for (int k = first + 1; k <= last; k++) {
            Checkpoint a = checkpoints.get(k - 1);
            Checkpoint b = checkpoints.get(k);
            if (Double.isNaN(a.splitRate()) || Double.isNaN(b.splitRateBefore())) {
                return null;
            }
            predicted[k - first] = predicted[k - 1 - first]
                    + 0.5 * (a.splitRate() + b.splitRateBefore()) * (b.step() - a.step());
        }
        int offset = first;
        return windowSlope(checkpoints, delta, k -> predicted[k - offset]);
    }

    /**
     * Least-squares slope of ln dist(t) against t over the checkpoints with 0 < dist and rel < δ;
     * null with fewer than two such points.
     */
    static Double growthRate(List<Checkpoint> checkpoints, double delta) {
        return windowSlope(checkpoints, delta, k -> StrictMath.log(checkpoints.get(k).dist()));
    }

    /** The checkpoints the growth rates are fitted over: the pair apart, and not yet macroscopically. */
    private static boolean inGrowthWindow(Checkpoint c, double delta) {
        return c.dist() > 0 && c.rel() < delta;
    }

    /** Least-squares slope of y(k) against checkpoint k's step over the growth window; null under two points. */
    private static Double windowSlope(List<Checkpoint> checkpoints, double delta, IntToDoubleFunction y) {
        int count = 0;
        double sumT = 0;
        double sumL = 0;
        for (int k = 0; k < checkpoints.size(); k++) {
            Checkpoint c = checkpoints.get(k);
            if (inGrowthWindow(c, delta)) {
                count++;
                sumT += c.step();
                sumL += y.applyAsDouble(k);
            }
        }
        if (count < 2) {
            return null;
        }
        double meanT = sumT / count;
        double meanL = sumL / count;
        double sxx = 0;
        double sxy = 0;
        for (int k = 0; k < checkpoints.size(); k++) {
            Checkpoint c = checkpoints.get(k);
            if (inGrowthWindow(c, delta)) {
                double dt = c.step() - meanT;
                sxx += dt * dt;
                sxy += dt * (y.applyAsDouble(k) - meanL);
            }
        }
        return sxy / sxx;
    }
}
