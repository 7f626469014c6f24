package tiebreak.core.tie;

import java.io.Serializable;

/**
 * The measurements of the tied units after {@code step} updates (protocol, "Measurements"); {@code accuracy}
 * is NaN for tasks without classes. Where the run measures its split-direction Hessian
 * (docs/split-hessian.md): its three smallest eigenvalues {@code muMin} ≤ {@code mu2} ≤ {@code mu3}, and
 * {@code muMinDecay}, the smallest eigenvalue of H_aa + λD (weight decay on the weights, not the bias: the
 * first-order criterion of stability is muMinDecay ≥ 0); and the per-step log-growth that
 * a ← (I − η(H_aa + λD)) a predicts for the split as it is here, over the gap to the next checkpoint
 * ({@code splitRate}, NaN at the last) and over a gap as long as the one before ({@code splitRateBefore},
 * NaN at step 0), so that each gap is predicted from both its ends. The rates are NaN where the optimizer is
 * not plain gradient descent on the full batch, or the pair is exactly tied; everything NaN where the
 * Hessian is not measured.
 */
public record Checkpoint(int step, double dIn, double dOut, double dist, double scale, double rel, double loss,
        double accuracy, double muMin, double mu2, double mu3, double muMinDecay, double splitRate,
        double splitRateBefore) implements Serializable {

    /** A checkpoint without the split-direction Hessian. */
    public Checkpoint(int step, double dIn, double dOut, double dist, double scale, double rel, double loss,
            double accuracy) {
        this(step, dIn, dOut, dist, scale, rel, loss, accuracy, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN);
    }

    /** Whether the run can go on from here: loss, distance and scale all finite (accuracy may be NaN). */
    public boolean finite() {
        return Double.isFinite(loss) && Double.isFinite(dist) && Double.isFinite(scale);
    }
}
