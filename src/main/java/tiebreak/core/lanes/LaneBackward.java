package tiebreak.core.lanes;

import static tiebreak.core.lanes.LaneMath.O;
import static tiebreak.core.lanes.LaneMath.S;

import jdk.incubator.vector.DoubleVector;
import tiebreak.core.net.Activation;

/**
 * The backward pass over lane arrays: each sample's share of every gradient element (dW_l = A_{l−1}ᵀ δ_l,
 * db_l = Σ δ_l), added in ascending sample order as EJML's products add it, and its errors sent down a
 * layer ({@link LaneErrors}). The first sample of a pass starts each sum (at its product, or at 0.0 where
 * EJML does). {@link #block} adds a block's four samples to each element, loaded and stored once.
 */
final class LaneBackward {
    private static final int L = LaneMath.L;

    private LaneBackward() {
    }

    /** Adds the sample of row s (slot 0) to every gradient element and sends its errors down. */
    static void sample(LaneBuffers b, Activation f, int s, boolean dropping) {
        for (int l = b.layers - 1; l >= 0; l--) {
            double[] in = b.layerInput(0, l, dropping);
            double[] dl = b.delta[0][l];
            double[] gw = b.grad[2 * l];
            double[] gb = b.grad[2 * l + 1];
            int fi = b.fanIn[l];
            int fo = b.fanOut[l];
            boolean fromZero = b.gradientFromZero[l];
            for (int k = 0; k < fi; k++) {
                DoubleVector iv = DoubleVector.fromArray(S, in, O + k * L);
                for (int j = 0; j < fo; j++) {
                    int at = (k * fo + j) * L;
                    DoubleVector p = iv.mul(DoubleVector.fromArray(S, dl, O + j * L));
                    if (s > 0) {
                        p = DoubleVector.fromArray(S, gw, O + at).add(p);
                    } else if (fromZero) {
                        p = DoubleVector.zero(S).add(p);
                    }
                    p.intoArray(gw, O + at);
                }
            }
            for (int j = 0; j < fo; j++) {
                DoubleVector dv = DoubleVector.fromArray(S, dl, O + j * L);
                DoubleVector sum = s > 0 ? DoubleVector.fromArray(S, gb, O + j * L) : DoubleVector.zero(S);
                sum.add(dv).intoArray(gb, O + j * L);
            }
            if (l == 0) {
                break;
            }
            LaneErrors.sample(b, f, 0, l, s, dropping);
        }
    }

    /** Adds the samples of rows s..s+3 (slots 0..3) to every gradient element and sends their errors down. */
    static void block(LaneBuffers b, Activation f, int s, boolean dropping) {
        for (int l = b.layers - 1; l >= 0; l--) {
            double[] in0 = b.layerInput(0, l, dropping);
            double[] in1 = b.layerInput(1, l, dropping);
            double[] in2 = b.layerInput(2, l, dropping);
            double[] in3 = b.layerInput(3, l, dropping);
            double[] d0 = b.delta[0][l], d1 = b.delta[1][l], d2 = b.delta[2][l], d3 = b.delta[3][l];
            int fi = b.fanIn[l];
            int fo = b.fanOut[l];
            boolean first = s == 0;
            weightGradients(in0, in1, in2, in3, d0, d1, d2, d3, b.grad[2 * l], fi, fo, first, b.gradientFromZero[l]);
            biasGradients(d0, d1, d2, d3, b.grad[2 * l + 1], fo, first);
            if (l == 0) {
                break;
            }
            LaneErrors.block(b, f, l, s, dropping);
        }
    }

    /** dW += the four samples' products, two inputs at a time: each sample's error loaded once for two elements. */
    private static void weightGradients(double[] in0, double[] in1, double[] in2, double[] in3, double[] d0,
            double[] d1, double[] d2, double[] d3, double[] gw, int fi, int fo, boolean first, boolean fromZero) {
        int k = 0;
        for (; k + 2 <= fi; k += 2) {
            DoubleVector i0 = DoubleVector.fromArray(S, in0, O + k * L);
            DoubleVector i1 = DoubleVector.fromArray(S, in1, O + k * L);
            DoubleVector i2 = DoubleVector.fromArray(S, in2, O + k * L);
            DoubleVector i3 = DoubleVector.fromArray(S, in3, O + k * L);
            DoubleVector h0 = DoubleVector.fromArray(S, in0, O + (k + 1) * L);
            DoubleVector h1 = DoubleVector.fromArray(S, in1, O + (k + 1) * L);
            DoubleVector h2 = DoubleVector.fromArray(S, in2, O + (k + 1) * L);
            DoubleVector h3 = DoubleVector.fromArray(S, in3, O + (k + 1) * L);
            for (int j = 0; j < fo; j++) {
                int at = (k * fo + j) * L;
                int next = at + fo * L;
                DoubleVector e0 = DoubleVector.fromArray(S, d0, O + j * L);
                DoubleVector e1 = DoubleVector.fromArray(S, d1, O + j * L);
                DoubleVector e2 = DoubleVector.fromArray(S, d2, O + j * L);
                DoubleVector e3 = DoubleVector.fromArray(S, d3, O + j * L);
                DoubleVector g = i0.mul(e0);
                DoubleVector u = h0.mul(e0);
                if (!first) {
                    g = DoubleVector.fromArray(S, gw, O + at).add(g);
                    u = DoubleVector.fromArray(S, gw, O + next).add(u);
                } else if (fromZero) {
                    g = DoubleVector.zero(S).add(g);
                    u = DoubleVector.zero(S).add(u);
                }
                g = g.add(i1.mul(e1)).add(i2.mul(e2)).add(i3.mul(e3));
                u = u.add(h1.mul(e1)).add(h2.mul(e2)).add(h3.mul(e3));
                g.intoArray(gw, O + at);
                u.intoArray(gw, O + next);
            }
        }
        for (; k < fi; k++) {
            DoubleVector i0 = DoubleVector.fromArray(S, in0, O + k * L);
            DoubleVector i1 = DoubleVector.fromArray(S, in1, O + k * L);
            DoubleVector i2 = DoubleVector.fromArray(S, in2, O + k * L);
            DoubleVector i3 = DoubleVector.fromArray(S, in3, O + k * L);
            for (int j = 0; j < fo; j++) {
                int at = (k * fo + j) * L;
                DoubleVector g = i0.mul(DoubleVector.fromArray(S, d0, O + j * L));
                if (!first) {
                    g = DoubleVector.fromArray(S, gw, O + at).add(g);
                } else if (fromZero) {
                    g = DoubleVector.zero(S).add(g);
                }
                g = g.add(i1.mul(DoubleVector.fromArray(S, d1, O + j * L)));
                g = g.add(i2.mul(DoubleVector.fromArray(S, d2, O + j * L)));
                g = g.add(i3.mul(DoubleVector.fromArray(S, d3, O + j * L)));
                g.intoArray(gw, O + at);
            }
        }
    }

    /** db += the four samples' errors in sample order; a pass's first block starts at 0.0, as EJML's sum does. */
    private static void biasGradients(double[] d0, double[] d1, double[] d2, double[] d3, double[] gb, int fo,
            boolean first) {
        for (int j = 0; j < fo; j++) {
            DoubleVector sum = first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, gb, O + j * L);
            sum = sum.add(DoubleVector.fromArray(S, d0, O + j * L));
            sum = sum.add(DoubleVector.fromArray(S, d1, O + j * L));
            sum = sum.add(DoubleVector.fromArray(S, d2, O + j * L));
            sum = sum.add(DoubleVector.fromArray(S, d3, O + j * L));
            sum.intoArray(gb, O + j * L);
        }
    }
}
