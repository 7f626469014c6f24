package tiebreak.core.lanes;

import static tiebreak.core.lanes.LaneMath.O;
import static tiebreak.core.lanes.LaneMath.S;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import tiebreak.core.net.Activation;

/**
 * The errors sent down a layer: δ_{l−1} = (δ_l W_lᵀ) ⊙ f'(Z_{l−1}), f' computed from A_{l−1} (GELU's f'(Z)
 * kept by the forward pass), each unit's upstream sum in EJML's multTransB order, under dropout times the
 * layer's mask before f'. {@link #sample} takes one sample
 * through the upstream buffer; {@link #block} the four samples of a block, each sum times its mask and
 * f' in registers, never stored as an upstream vector and read back.
 */
final class LaneErrors {
    private static final int L = LaneMath.L;

    private LaneErrors() {
    }

    /** The errors of layer l − 1 for the sample of row s in slot q. */
    static void sample(LaneBuffers b, Activation f, int q, int l, int s, boolean dropping) {
        double[] dl = b.delta[q][l];
        double[] w = b.theta[2 * l];
        double[] upstream = b.upstream;
        int fi = b.fanIn[l];
        int fo = b.fanOut[l];
        for (int j = 0; j < fi; j++) {
            DoubleVector acc = DoubleVector.fromArray(S, dl, O).mul(DoubleVector.fromArray(S, w, O + j * fo * L));
            if (b.upstreamFromZero[l]) {
                acc = DoubleVector.zero(S).add(acc);
            }
            for (int c = 1; c < fo; c++) {
                acc = acc.add(DoubleVector.fromArray(S, dl, O + c * L)
                        .mul(DoubleVector.fromArray(S, w, O + (j * fo + c) * L)));
            }
            acc.intoArray(upstream, O + j * L);
        }
        if (dropping) {
            int width = b.fanOut[l - 1];
            double[] mask = b.mask[l - 1];
            for (int u = 0; u < width; u++) {
                DoubleVector.fromArray(S, upstream, O + u * L)
                        .mul(DoubleVector.fromArray(S, mask, O + (s * width + u) * L))
                        .intoArray(upstream, O + u * L);
            }
        }
        LaneMath.backward(f, upstream, b.derivativeSource(q, l - 1), b.delta[q][l - 1], fi * L);
    }

    /** The errors of layer l − 1 for the four samples of rows s..s+3; under dropout, times their masks before f'. */
    static void block(LaneBuffers b, Activation f, int l, int s, boolean dropping) {
        double[] w = b.theta[2 * l];
        int fi = b.fanIn[l];
        int fo = b.fanOut[l];
        boolean fromZero = b.upstreamFromZero[l];
        double[] d0 = b.delta[0][l], d1 = b.delta[1][l], d2 = b.delta[2][l], d3 = b.delta[3][l];
        // a = f(z), from which f' is computed; under GELU f'(z) itself
        double[] a0 = b.derivativeSource(0, l - 1), a1 = b.derivativeSource(1, l - 1);
        double[] a2 = b.derivativeSource(2, l - 1), a3 = b.derivativeSource(3, l - 1);
        boolean tanh = f == Activation.TANH;
        boolean sigmoid = f == Activation.SIGMOID;
        boolean relu = f == Activation.RELU;
        boolean gelu = f == Activation.GELU;
        double[] e0 = b.delta[0][l - 1], e1 = b.delta[1][l - 1], e2 = b.delta[2][l - 1], e3 = b.delta[3][l - 1];
        for (int j = 0; j < fi; j++) {
            int row = O + j * fo * L;
            DoubleVector wv = DoubleVector.fromArray(S, w, row);
            DoubleVector u0 = DoubleVector.fromArray(S, d0, O).mul(wv);
            DoubleVector u1 = DoubleVector.fromArray(S, d1, O).mul(wv);
            DoubleVector u2 = DoubleVector.fromArray(S, d2, O).mul(wv);
            DoubleVector u3 = DoubleVector.fromArray(S, d3, O).mul(wv);
            if (fromZero) {
                DoubleVector zero = DoubleVector.zero(S);
                u0 = zero.add(u0);
                u1 = zero.add(u1);
                u2 = zero.add(u2);
                u3 = zero.add(u3);
            }
            for (int c = 1; c < fo; c++) {
                wv = DoubleVector.fromArray(S, w, row + c * L);
                u0 = u0.add(DoubleVector.fromArray(S, d0, O + c * L).mul(wv));
                u1 = u1.add(DoubleVector.fromArray(S, d1, O + c * L).mul(wv));
                u2 = u2.add(DoubleVector.fromArray(S, d2, O + c * L).mul(wv));
                u3 = u3.add(DoubleVector.fromArray(S, d3, O + c * L).mul(wv));
            }
            int at = O + j * L;
            if (dropping) {
                double[] mask = b.mask[l - 1];
                u0 = u0.mul(DoubleVector.fromArray(S, mask, O + (s * fi + j) * L));
                u1 = u1.mul(DoubleVector.fromArray(S, mask, O + ((s + 1) * fi + j) * L));
                u2 = u2.mul(DoubleVector.fromArray(S, mask, O + ((s + 2) * fi + j) * L));
                u3 = u3.mul(DoubleVector.fromArray(S, mask, O + ((s + 3) * fi + j) * L));
            }
            // f' as in LaneMath.backward, written out for the four sums: through a helper that returns a
            // vector, C2 stopped inlining the fourth call once a JVM had trained several activations
            // (NodeCountInliningCutoff), and each call then boxed its vector (49 KB a step in LaneKernelTest);
            // f' stored first and read back cost 9% on [8,4,1] relu runs
            if (tanh || sigmoid) {
                DoubleVector one = DoubleVector.broadcast(S, 1.0);
                DoubleVector v0 = DoubleVector.fromArray(S, a0, at);
                DoubleVector v1 = DoubleVector.fromArray(S, a1, at);
                DoubleVector v2 = DoubleVector.fromArray(S, a2, at);
                DoubleVector v3 = DoubleVector.fromArray(S, a3, at);
                if (tanh) {
                    u0 = u0.mul(one.sub(v0.mul(v0)));
                    u1 = u1.mul(one.sub(v1.mul(v1)));
                    u2 = u2.mul(one.sub(v2.mul(v2)));
                    u3 = u3.mul(one.sub(v3.mul(v3)));
                } else {
                    u0 = u0.mul(v0.mul(one.sub(v0)));
                    u1 = u1.mul(v1.mul(one.sub(v1)));
                    u2 = u2.mul(v2.mul(one.sub(v2)));
                    u3 = u3.mul(v3.mul(one.sub(v3)));
                }
            } else if (relu) {
                // relu'(z) = [z > 0] = [a > 0]: a = z where z > 0, else +0
                DoubleVector zero = DoubleVector.zero(S);
                u0 = u0.mul(zero.blend(1.0, DoubleVector.fromArray(S, a0, at).compare(VectorOperators.GT, 0.0)));
                u1 = u1.mul(zero.blend(1.0, DoubleVector.fromArray(S, a1, at).compare(VectorOperators.GT, 0.0)));
                u2 = u2.mul(zero.blend(1.0, DoubleVector.fromArray(S, a2, at).compare(VectorOperators.GT, 0.0)));
                u3 = u3.mul(zero.blend(1.0, DoubleVector.fromArray(S, a3, at).compare(VectorOperators.GT, 0.0)));
            } else if (gelu) {
                u0 = u0.mul(DoubleVector.fromArray(S, a0, at));
                u1 = u1.mul(DoubleVector.fromArray(S, a1, at));
                u2 = u2.mul(DoubleVector.fromArray(S, a2, at));
                u3 = u3.mul(DoubleVector.fromArray(S, a3, at));
            } else {    // linear
                u0 = u0.mul(1.0);
                u1 = u1.mul(1.0);
                u2 = u2.mul(1.0);
                u3 = u3.mul(1.0);
            }
            u0.intoArray(e0, at);
            u1.intoArray(e1, at);
            u2.intoArray(e2, at);
            u3.intoArray(e3, at);
        }
    }
}
