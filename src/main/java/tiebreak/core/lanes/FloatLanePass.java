package tiebreak.core.lanes;

import static tiebreak.core.lanes.FloatLaneBuffers.F;
import static tiebreak.core.lanes.FloatLaneBuffers.L;
import static tiebreak.core.lanes.FloatLaneBuffers.O;

import jdk.incubator.vector.FloatVector;
import tiebreak.core.net.Activation;

/**
 * Forward and backward over float lane arrays, one sample or a block of four, with the arithmetic of the
 * scalar float32 path ({@link tiebreak.core.math.Float32} in {@link tiebreak.core.net.Backprop}): every
 * product and sum in float, each from its first product in ascending order (the bias sum from 0), and the
 * activations and their derivatives in double on the floats, rounded once, by {@link LaneMath}'s bodies
 * over widened arrays. The block bodies take the four samples of {@link FloatLaneBuffers#SLOTS} at once:
 * each weight loaded once for four products, each gradient element loaded and stored once for four
 * samples, added in sample order.
 */
final class FloatLanePass {
    private FloatLanePass() {
    }

    /** Z_l = A_{l−1} W_l + b_l and A_l = f(Z_l) for the sample in slot q, whose inputs are loaded. */
    static void forward(FloatLaneBuffers b, Activation f, int q) {
        for (int l = 0; l < b.layers; l++) {
            float[] in = l == 0 ? b.input[q] : b.act[q][l - 1];
            float[] w = b.theta[2 * l];
            float[] bias = b.theta[2 * l + 1];
            float[] z = b.pre[q][l];
            int fi = b.fanIn[l];
            int fo = b.fanOut[l];
            for (int j = 0; j < fo; j++) {
                FloatVector acc = FloatVector.fromArray(F, in, O).mul(FloatVector.fromArray(F, w, O + j * L));
                for (int k = 1; k < fi; k++) {
                    acc = acc.add(FloatVector.fromArray(F, in, O + k * L)
                            .mul(FloatVector.fromArray(F, w, O + (k * fo + j) * L)));
                }
                acc.add(FloatVector.fromArray(F, bias, O + j * L)).intoArray(z, O + j * L);
            }
            if (l < b.layers - 1) {
                activate(b, f, z, b.act[q][l], fo * L);
            }
        }
    }

    /** {@link #forward} for the four samples of slots 0..3 at once. */
    static void forwardBlock(FloatLaneBuffers b, Activation f) {
        for (int l = 0; l < b.layers; l++) {
            float[] in0 = l == 0 ? b.input[0] : b.act[0][l - 1];
            float[] in1 = l == 0 ? b.input[1] : b.act[1][l - 1];
            float[] in2 = l == 0 ? b.input[2] : b.act[2][l - 1];
            float[] in3 = l == 0 ? b.input[3] : b.act[3][l - 1];
            float[] w = b.theta[2 * l];
            float[] bias = b.theta[2 * l + 1];
            int fi = b.fanIn[l];
            int fo = b.fanOut[l];
            for (int j = 0; j < fo; j++) {
                FloatVector wv = FloatVector.fromArray(F, w, O + j * L);
                FloatVector a0 = FloatVector.fromArray(F, in0, O).mul(wv);
                FloatVector a1 = FloatVector.fromArray(F, in1, O).mul(wv);
                FloatVector a2 = FloatVector.fromArray(F, in2, O).mul(wv);
                FloatVector a3 = FloatVector.fromArray(F, in3, O).mul(wv);
                for (int k = 1; k < fi; k++) {
                    wv = FloatVector.fromArray(F, w, O + (k * fo + j) * L);
                    a0 = a0.add(FloatVector.fromArray(F, in0, O + k * L).mul(wv));
                    a1 = a1.add(FloatVector.fromArray(F, in1, O + k * L).mul(wv));
                    a2 = a2.add(FloatVector.fromArray(F, in2, O + k * L).mul(wv));
                    a3 = a3.add(FloatVector.fromArray(F, in3, O + k * L).mul(wv));
                }
                FloatVector bv = FloatVector.fromArray(F, bias, O + j * L);
                a0.add(bv).intoArray(b.pre[0][l], O + j * L);
                a1.add(bv).intoArray(b.pre[1][l], O + j * L);
                a2.add(bv).intoArray(b.pre[2][l], O + j * L);
                a3.add(bv).intoArray(b.pre[3][l], O + j * L);
            }
            if (l < b.layers - 1) {
                for (int q = 0; q < FloatLaneBuffers.SLOTS; q++) {
                    activate(b, f, b.pre[q][l], b.act[q][l], fo * L);
                }
            }
        }
    }

    /**
     * Adds the sample of row s (slot q) to every gradient element (row 0 starts each sum) and sends its errors
     * down.
     */
    static void backward(FloatLaneBuffers b, Activation f, int q, int s) {
        for (int l = b.layers - 1; l >= 0; l--) {
            float[] in = l == 0 ? b.input[q] : b.act[q][l - 1];
            float[] dl = b.delta[q][l];
            float[] gw = b.grad[2 * l];
            float[] gb = b.grad[2 * l + 1];
            int fi = b.fanIn[l];
            int fo = b.fanOut[l];
            for (int k = 0; k < fi; k++) {
                FloatVector iv = FloatVector.fromArray(F, in, O + k * L);
                for (int j = 0; j < fo; j++) {
                    int at = O + (k * fo + j) * L;
                    FloatVector p = iv.mul(FloatVector.fromArray(F, dl, O + j * L));
                    if (s > 0) {
                        p = FloatVector.fromArray(F, gw, at).add(p);
                    }
                    p.intoArray(gw, at);
                }
            }
            for (int j = 0; j < fo; j++) {
                FloatVector sum = s > 0 ? FloatVector.fromArray(F, gb, O + j * L) : FloatVector.zero(F);
                sum.add(FloatVector.fromArray(F, dl, O + j * L)).intoArray(gb, O + j * L);
            }
            if (l == 0) {
                break;
            }
            errors(b, f, q, l);
        }
    }

    /** {@link #backward} for the samples of rows s..s+3 in slots 0..3, each element's four products in row order. */
    static void backwardBlock(FloatLaneBuffers b, Activation f, int s) {
        for (int l = b.layers - 1; l >= 0; l--) {
            float[] in0 = l == 0 ? b.input[0] : b.act[0][l - 1];
            float[] in1 = l == 0 ? b.input[1] : b.act[1][l - 1];
            float[] in2 = l == 0 ? b.input[2] : b.act[2][l - 1];
            float[] in3 = l == 0 ? b.input[3] : b.act[3][l - 1];
            float[] d0 = b.delta[0][l], d1 = b.delta[1][l], d2 = b.delta[2][l], d3 = b.delta[3][l];
            float[] gw = b.grad[2 * l];
            float[] gb = b.grad[2 * l + 1];
            int fi = b.fanIn[l];
            int fo = b.fanOut[l];
            for (int k = 0; k < fi; k++) {
                FloatVector i0 = FloatVector.fromArray(F, in0, O + k * L);
                FloatVector i1 = FloatVector.fromArray(F, in1, O + k * L);
                FloatVector i2 = FloatVector.fromArray(F, in2, O + k * L);
                FloatVector i3 = FloatVector.fromArray(F, in3, O + k * L);
                for (int j = 0; j < fo; j++) {
                    int at = O + (k * fo + j) * L;
                    FloatVector g = i0.mul(FloatVector.fromArray(F, d0, O + j * L));
                    if (s > 0) {
                        g = FloatVector.fromArray(F, gw, at).add(g);
                    }
                    g = g.add(i1.mul(FloatVector.fromArray(F, d1, O + j * L)));
                    g = g.add(i2.mul(FloatVector.fromArray(F, d2, O + j * L)));
                    g = g.add(i3.mul(FloatVector.fromArray(F, d3, O + j * L)));
                    g.intoArray(gw, at);
                }
            }
            for (int j = 0; j < fo; j++) {
                FloatVector sum = s > 0 ? FloatVector.fromArray(F, gb, O + j * L) : FloatVector.zero(F);
                sum = sum.add(FloatVector.fromArray(F, d0, O + j * L));
                sum = sum.add(FloatVector.fromArray(F, d1, O + j * L));
                sum = sum.add(FloatVector.fromArray(F, d2, O + j * L));
                sum = sum.add(FloatVector.fromArray(F, d3, O + j * L));
                sum.intoArray(gb, O + j * L);
            }
            if (l == 0) {
                break;
            }
            for (int q = 0; q < FloatLaneBuffers.SLOTS; q++) {
                errors(b, f, q, l);
            }
        }
    }

    /** δ_{l−1} = (δ_l W_lᵀ) ⊙ f'(A_{l−1}) for slot q: the upstream sum in float, f' in double. */
    private static void errors(FloatLaneBuffers b, Activation f, int q, int l) {
        float[] dl = b.delta[q][l];
        float[] w = b.theta[2 * l];
        int fi = b.fanIn[l];
        int fo = b.fanOut[l];
        for (int j = 0; j < fi; j++) {
            FloatVector acc = FloatVector.fromArray(F, dl, O).mul(FloatVector.fromArray(F, w, O + j * fo * L));
            for (int c = 1; c < fo; c++) {
                acc = acc.add(FloatVector.fromArray(F, dl, O + c * L)
                        .mul(FloatVector.fromArray(F, w, O + (j * fo + c) * L)));
            }
            acc.intoArray(b.upstream, O + j * L);
        }
        FloatLaneBuffers.widen(b.upstream, b.wide, fi * L);
        FloatLaneBuffers.widen(b.act[q][l - 1], b.wideAct, fi * L);
        LaneMath.backward(f, b.wide, b.wideAct, b.wide, fi * L);
        FloatLaneBuffers.narrow(b.wide, b.delta[q][l - 1], fi * L);
    }

    /** a = (float) f(z), f in double on the floats. */
    private static void activate(FloatLaneBuffers b, Activation f, float[] z, float[] a, int count) {
        FloatLaneBuffers.widen(z, b.wide, count);
        LaneMath.forward(f, b.wide, b.wide, count);
        FloatLaneBuffers.narrow(b.wide, a, count);
    }
}
