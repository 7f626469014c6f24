package tiebreak.core.tie;

import java.util.List;
import tiebreak.core.spec.RunSpec;

/** Per-run figures derived from the checkpoints (protocol, "Measurements" and "Outcome of a run"). */
public final class Measurements {
    private Measurements() {
    }

    public static RunResult summarise(RunSpec spec, List<Checkpoint> checkpoints, boolean finite, long wallMs) {
        Checkpoint first = checkpoints.get(0);
        Checkpoint last = checkpoints.get(checkpoints.size() - 1);
        double delta = spec.delta();
        Outcome outcome = finite
                ? OutcomeRule.classify(spec.tieMode(), first.dist(), last.dist(), last.rel(), delta)
                : Outcome.NONFINITE;
        return new RunResult(spec, outcome, first.dist(), last.dist(), last.rel(),
                divergeStep(checkpoints, delta), growthRate(checkpoints, delta), last.loss(),
                Double.isNaN(last.accuracy()) ? null : last.accuracy(), wallMs, null, checkpoints);
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
     * Least-squares slope of ln dist(t) against t over the checkpoints with 0 < dist and rel < δ;
     * null with fewer than two such points.
     */
    static Double growthRate(List<Checkpoint> checkpoints, double delta) {
        int count = 0;
        double sumT = 0;
        double sumL = 0;
        for (Checkpoint c : checkpoints) {
            if (c.dist() > 0 && c.rel() < delta) {
                count++;
                sumT += c.step();
                sumL += StrictMath.log(c.dist());
            }
        }
        if (count < 2) {
            return null;
        }
        double meanT = sumT / count;
        double meanL = sumL / count;
        double sxx = 0;
        double sxy = 0;
        for (Checkpoint c : checkpoints) {
            if (c.dist() > 0 && c.rel() < delta) {
                double dt = c.step() - meanT;
                sxx += dt * dt;
                sxy += dt * (StrictMath.log(c.dist()) - meanL);
            }
        }
        return sxy / sxx;
    }
}
