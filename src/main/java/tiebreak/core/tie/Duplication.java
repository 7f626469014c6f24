package tiebreak.core.tie;

import java.io.Serializable;

/**
 * What a duplicated unit's start measured of the narrow net it came from (docs/split-hessian.md, "A duplicated
 * unit"): its training loss and the norm of its training objective's gradient when it was duplicated (how near
 * a critical point it was), and the extreme eigenvalues of the curvature block A = (1/n) Σ_s (g_s·v) f''(z_s)
 * u_s u_sᵀ of the duplicated unit, so that the wide net's loss along the output-preserving split δ has second
 * derivative r(1 − r) δᵀAδ. Then, of the wide net at the start (before ε), the smallest eigenvalue of its whole
 * objective's Hessian ({@code hessianMin}, negative at a saddle), and for plain full-batch gradient descent
 * the change of ln dist over the run's steps that gradient descent linearised there predicts for the run's
 * own ε ({@code predictedChange}, NaN otherwise): at an exact critical point the split's first-order
 * dynamics, which A's signs alone do not give, since for r ≠ ½ the split is coupled to the narrow net's own
 * directions. {@code conditionApplies}: whether the second-order condition was derived for this start, a
 * unit with one outgoing weight (with several, A leaves out a cross term with the outgoing weights) and no
 * weight decay (which leaves the wide start off the critical point even where the narrow net is on one).
 */
public record Duplication(double narrowLoss, double gradientNorm, double curvatureMin, double curvatureMax,
        double hessianMin, double predictedChange, boolean conditionApplies) implements Serializable {

    /**
     * What the second-order term predicts for the split at ratio r: {@code grow}, {@code shrink} or
     * {@code neutral}; null where the condition does not apply or A is not finite.
     */
    public String predictedSplit(double r) {
        if (!conditionApplies || !Double.isFinite(curvatureMin) || !Double.isFinite(curvatureMax)) {
            return null;
        }
        double share = r * (1.0 - r);
        double lowest = Math.min(share * curvatureMin, share * curvatureMax);
        return lowest < 0 ? "grow" : lowest > 0 ? "shrink" : "neutral";
    }
}
