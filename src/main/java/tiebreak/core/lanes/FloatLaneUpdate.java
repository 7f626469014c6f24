package tiebreak.core.lanes;

import static tiebreak.core.lanes.FloatLaneBuffers.H;
import static tiebreak.core.lanes.FloatLaneBuffers.L;
import static tiebreak.core.lanes.FloatLaneBuffers.O;
import static tiebreak.core.lanes.FloatLaneBuffers.store;
import static tiebreak.core.lanes.FloatLaneBuffers.wide;
import static tiebreak.core.lanes.LaneMath.S;

import jdk.incubator.vector.DoubleVector;
import tiebreak.core.spec.OptimizerSpec;
import tiebreak.core.train.AdamPowers;

/**
 * The float32 step's element-wise double arithmetic over float lane arrays, half a vector at a time: the
 * output error and loss of MSE, weight decay, and the optimizer's rule, each the expression of the scalar
 * code ({@link tiebreak.core.net.Loss}, {@link tiebreak.core.train.Optimizer}) in double on the floats,
 * rounded to float where the scalar float32 path stores.
 */
final class FloatLaneUpdate {
    private static final double ADAM_BETA1 = OptimizerSpec.ADAM_BETA1;
    private static final double ADAM_BETA2 = OptimizerSpec.ADAM_BETA2;
    private static final double EPS = OptimizerSpec.EPS;

    private FloatLaneUpdate() {
    }

    /** dLoss/dŷ = (ŷ − y)/n of the sample of row s (slot q) among n rows, against the shared targets y. */
    static void outputError(FloatLaneBuffers b, int q, int s, int n, double[] y) {
        int k = b.fanOut[b.layers - 1];
        float[] out = b.pre[q][b.layers - 1];
        float[] dOut = b.delta[q][b.layers - 1];
        boolean exact = Integer.bitCount(n) == 1;    // x/n is x·(1/n) when 1/n is exact (see LaneLoss)
        double inverse = 1.0 / n;
        double rows = n;
        for (int c = 0; c < k; c++) {
            double target = y[s * k + c];
            for (int h = 0; h < L; h += H) {
                int at = O + c * L + h;
                DoubleVector r = wide(out, at).sub(target);
                store(exact ? r.mul(inverse) : r.div(rows), dOut, at);
            }
        }
    }

    /** Adds the terms (ŷ_c − y_c)² of row s (slot q) to each lane's loss, in output order. */
    static void addLoss(FloatLaneBuffers b, int q, int s, double[] y, double[] loss) {
        int k = b.fanOut[b.layers - 1];
        float[] out = b.pre[q][b.layers - 1];
        for (int c = 0; c < k; c++) {
            double target = y[s * k + c];
            for (int h = 0; h < L; h += H) {
                DoubleVector r = wide(out, O + c * L + h).sub(target);
                DoubleVector.fromArray(S, loss, h).add(r.mul(r)).intoArray(loss, h);
            }
        }
    }

    /** g ← (float) (g + λθ) on the weight blocks. */
    static void decay(FloatLaneBuffers b, double decay) {
        for (int block = 0; block < 2 * b.layers; block += 2) {
            float[] g = b.grad[block];
            float[] theta = b.theta[block];
            for (int at = O; at < g.length; at += H) {
                store(wide(g, at).add(wide(theta, at).mul(decay)), g, at);
            }
        }
    }

    /** θ ← θ − step(g) on every element of the block, each lane at its learning rate; θ and state rounded. */
    static void apply(FloatLaneBuffers b, int block, OptimizerSpec optimizer, double[] lr, AdamPowers powers) {
        float[] t = b.theta[block];
        float[] g = b.grad[block];
        float[] s1 = b.first[block];
        float[] s2 = b.second[block];
        OptimizerSpec.Kind kind = optimizer.kind();
        double beta = optimizer.beta();
        for (int h = 0; h < L; h += H) {
            DoubleVector alpha = DoubleVector.fromArray(S, lr, h);
            for (int at = O + h; at < t.length; at += L) {
                DoubleVector gv = wide(g, at);
                DoubleVector step = switch (kind) {
                    case SGD -> alpha.mul(gv);
                    case MOMENTUM -> {
                        DoubleVector v = wide(s1, at).mul(beta).add(gv);
                        store(v, s1, at);
                        yield alpha.mul(v);
                    }
                    case RMSPROP -> {
                        DoubleVector v = wide(s1, at).mul(beta).add(gv.mul(gv).mul(1 - beta));
                        store(v, s1, at);
                        yield alpha.mul(gv).div(v.sqrt().add(EPS));
                    }
                    case ADAM -> {
                        DoubleVector m = wide(s1, at).mul(ADAM_BETA1).add(gv.mul(1 - ADAM_BETA1));
                        DoubleVector v = wide(s2, at).mul(ADAM_BETA2).add(gv.mul(gv).mul(1 - ADAM_BETA2));
                        store(m, s1, at);
                        store(v, s2, at);
                        DoubleVector mHat = m.div(1 - powers.beta1());
                        DoubleVector vHat = v.div(1 - powers.beta2());
                        yield alpha.mul(mHat).div(vHat.sqrt().add(EPS));
                    }
                };
                store(wide(t, at).sub(step), t, at);
            }
        }
    }
}
