package tiebreak.core.lanes;

import static tiebreak.core.lanes.LaneMath.O;
import static tiebreak.core.lanes.LaneMath.S;

import jdk.incubator.vector.DoubleVector;
import tiebreak.core.spec.OptimizerSpec;
import tiebreak.core.spec.Training;
import tiebreak.core.train.AdamPowers;

/**
 * A step's update over lane arrays, with the expressions of the scalar {@link tiebreak.core.train.Optimizer}
 * lane by lane: weight decay and gradient noise added to the gradient, then the optimizer's rule.
 */
final class LaneUpdate {
    private static final int L = LaneMath.L;
    private static final double ADAM_BETA1 = OptimizerSpec.ADAM_BETA1;
    private static final double ADAM_BETA2 = OptimizerSpec.ADAM_BETA2;
    private static final double EPS = OptimizerSpec.EPS;

    private LaneUpdate() {
    }

    /**
     * g ← g + λθ (weights only) + σ·N(0,1), each lane drawing from its own gradient-noise stream in the scalar
     * order: a block's deviates at a time, all lanes at once ({@link LaneRng#gaussians}).
     */
    static void decayAndNoise(LaneBuffers b, Training t, LaneRows rows) {
        double decay = t.weightDecay();
        double sigma = t.gradNoise();
        if (decay == 0 && sigma == 0) {
            return;
        }
        for (int block = 0; block < 2 * b.layers; block++) {
            double[] g = b.grad[block];
            double[] theta = b.theta[block];
            boolean weights = (block & 1) == 0;
            if (sigma > 0) {
                LaneRng.gaussians(rows.gradientNoiseState, rows.deviates, rows.angles, b.size(block));
            }
            double[] noise = rows.deviates;
            for (int e = 0; e < g.length - O; e += L) {
                DoubleVector value = DoubleVector.fromArray(S, g, O + e);
                if (decay > 0 && weights) {
                    value = value.add(DoubleVector.fromArray(S, theta, O + e).mul(decay));
                }
                if (sigma > 0) {
                    value = value.add(DoubleVector.fromArray(S, noise, O + e).mul(sigma));
                }
                value.intoArray(g, O + e);
            }
        }
    }

    /** θ ← θ − step(g) on every element of block {@code block}, each lane at its own learning rate lr[i]. */
    static void apply(LaneBuffers b, int block, OptimizerSpec optimizer, double[] lr, AdamPowers powers) {
        apply(b, block, optimizer, lr, powers, 0, 1, b.size(block));
    }

    /**
     * {@link #apply} on elements {@code from + c · stride} of the block for c < count only, their optimizer
     * state too (the scalar Optimizer's masked update, for sequential updates: one unit's column, entry or row).
     */
    static void apply(LaneBuffers b, int block, OptimizerSpec optimizer, double[] lr, AdamPowers powers, int from,
            int stride, int count) {
        double[] t = b.theta[block];
        double[] g = b.grad[block];
        double[] s1 = b.first[block];
        double[] s2 = b.second[block];
        double[] factor = b.rate[block];
        OptimizerSpec.Kind kind = optimizer.kind();
        double beta = optimizer.beta();
        DoubleVector lrv = DoubleVector.fromArray(S, lr, 0);
        for (int c = 0; c < count; c++) {
            int e = (from + c * stride) * L;
            DoubleVector alpha = factor == null ? lrv : lrv.mul(DoubleVector.fromArray(S, factor, O + e));
            DoubleVector gv = DoubleVector.fromArray(S, g, O + e);
            DoubleVector step = switch (kind) {
                case SGD -> alpha.mul(gv);
                case MOMENTUM -> {
                    DoubleVector v = DoubleVector.fromArray(S, s1, O + e).mul(beta).add(gv);
                    v.intoArray(s1, O + e);
                    yield alpha.mul(v);
                }
                case RMSPROP -> {
                    DoubleVector v = DoubleVector.fromArray(S, s1, O + e).mul(beta).add(gv.mul(gv).mul(1 - beta));
                    v.intoArray(s1, O + e);
                    yield alpha.mul(gv).div(v.sqrt().add(EPS));
                }
                case ADAM -> {
                    DoubleVector m = DoubleVector.fromArray(S, s1, O + e).mul(ADAM_BETA1).add(gv.mul(1 - ADAM_BETA1));
                    DoubleVector v = DoubleVector.fromArray(S, s2, O + e).mul(ADAM_BETA2)
                            .add(gv.mul(gv).mul(1 - ADAM_BETA2));
                    m.intoArray(s1, O + e);
                    v.intoArray(s2, O + e);
                    DoubleVector mHat = m.div(1 - powers.beta1());
                    DoubleVector vHat = v.div(1 - powers.beta2());
                    yield alpha.mul(mHat).div(vHat.sqrt().add(EPS));
                }
            };
            DoubleVector.fromArray(S, t, O + e).sub(step).intoArray(t, O + e);
        }
    }
}
