package tiebreak.core.train;

import org.ejml.data.DMatrixRMaj;
import tiebreak.core.net.Parameters;
import tiebreak.core.spec.OptimizerSpec;

/**
 * Applies one update θ ← θ − step(g) per parameter, with per-parameter state shaped like the parameters
 * (see {@link OptimizerSpec} for the rules). {@link #update} can be restricted to a mask of parameters, for
 * sequential updates; {@link #beginStep} advances Adam's bias correction once per training step.
 * Allocates only in {@link #reset}.
 */
public final class Optimizer {
    private static final double ADAM_BETA1 = OptimizerSpec.ADAM_BETA1;
    private static final double ADAM_BETA2 = OptimizerSpec.ADAM_BETA2;
    private static final double EPS = OptimizerSpec.EPS;

    private final Parameters first = new Parameters();   // momentum v, Adam m, RMSprop s
    private final Parameters second = new Parameters();  // Adam v

    private OptimizerSpec.Kind kind = OptimizerSpec.Kind.SGD;
    private double beta;
    private boolean float32;
    private final AdamPowers powers = new AdamPowers();

    void reset(OptimizerSpec optimizer, java.util.List<Integer> widths, boolean roundToFloat) {
        this.kind = optimizer.kind();
        this.beta = optimizer.beta();
        this.float32 = roundToFloat;
        first.reshape(widths);
        second.reshape(widths);
        first.zero();
        second.zero();
        powers.reset();
    }

    /** Called once per training step, before its updates. */
    void beginStep() {
        powers.advance();
    }

    /**
     * Updates block b of θ from the gradient; {@code rate} holds per-parameter learning-rate factors (null: all 1);
     * {@code mask} selects the parameters to update (null: all).
     */
    void update(int b, DMatrixRMaj theta, DMatrixRMaj grad, DMatrixRMaj rate, boolean[] mask, double lr) {
        double[] t = theta.data;
        double[] g = grad.data;
        double[] s1 = first.block(b).data;
        double[] s2 = second.block(b).data;
        double[] factor = rate == null ? null : rate.data;
        int size = theta.getNumElements();
        for (int e = 0; e < size; e++) {
            if (mask != null && !mask[e]) {
                continue;
            }
            double alpha = factor == null ? lr : lr * factor[e];
            double step = switch (kind) {
                case SGD -> alpha * g[e];
                case MOMENTUM -> {
                    s1[e] = beta * s1[e] + g[e];
                    yield alpha * s1[e];
                }
                case RMSPROP -> {
                    s1[e] = beta * s1[e] + (1 - beta) * (g[e] * g[e]);
                    yield alpha * g[e] / (Math.sqrt(s1[e]) + EPS);
                }
                case ADAM -> {
                    s1[e] = ADAM_BETA1 * s1[e] + (1 - ADAM_BETA1) * g[e];
                    s2[e] = ADAM_BETA2 * s2[e] + (1 - ADAM_BETA2) * (g[e] * g[e]);
                    double mHat = s1[e] / (1 - powers.beta1());
                    double vHat = s2[e] / (1 - powers.beta2());
                    yield alpha * mHat / (Math.sqrt(vHat) + EPS);
                }
            };
            t[e] -= step;
            if (float32) {
                t[e] = (float) t[e];
                s1[e] = (float) s1[e];
                s2[e] = (float) s2[e];
            }
        }
    }
}
