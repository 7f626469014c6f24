package tiebreak.core.train;

import tiebreak.core.spec.OptimizerSpec;

/**
 * Adam's bias corrections β1^t and β2^t at training step t, advanced once per step before its updates; one
 * per run in the scalar {@link Optimizer}, one per lane batch in the lane kernel (its runs step together).
 */
public final class AdamPowers {
    private double beta1 = 1.0;
    private double beta2 = 1.0;

    public void reset() {
        beta1 = 1.0;
        beta2 = 1.0;
    }

    public void advance() {
        beta1 *= OptimizerSpec.ADAM_BETA1;
        beta2 *= OptimizerSpec.ADAM_BETA2;
    }

    public double beta1() {
        return beta1;
    }

    public double beta2() {
        return beta2;
    }
}
