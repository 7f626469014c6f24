package tiebreak.core.tie;

import java.io.Serializable;

/**
 * The measurements of the tied units after {@code step} updates (protocol, "Measurements"); {@code accuracy}
 * is NaN for tasks without classes.
 */
public record Checkpoint(int step, double dIn, double dOut, double dist, double scale, double rel, double loss,
        double accuracy) implements Serializable {

    /** Whether the run can go on from here: loss, distance and scale all finite (accuracy may be NaN). */
    public boolean finite() {
        return Double.isFinite(loss) && Double.isFinite(dist) && Double.isFinite(scale);
    }
}
