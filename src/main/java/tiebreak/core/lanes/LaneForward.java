package tiebreak.core.lanes;

import static tiebreak.core.lanes.LaneMath.O;
import static tiebreak.core.lanes.LaneMath.S;

import jdk.incubator.vector.DoubleVector;
import tiebreak.core.net.Activation;

/**
 * The forward pass over lane arrays: Z_l = A_{l−1} W_l + b_l and A_l = f(Z_l), each unit's sum over its
 * inputs in ascending order from the first product (or from 0.0 where EJML starts there), then the bias.
 * {@link #sample} takes one sample; {@link #block} the {@link LaneBuffers#SLOTS} samples of a block at once,
 * each weight loaded once for all four. The four-sample bodies are unrolled by hand: sixteen (or four)
 * sums kept in registers, which C2 does not do for a loop over slots.
 */
final class LaneForward {
    private static final int L = LaneMath.L;

    private LaneForward() {
    }

    /** The sample in slot 0, whose inputs are loaded; under dropout, row s's masks apply. */
    static void sample(LaneBuffers b, Activation f, int s, boolean dropping) {
        sample(b, f, s, dropping, 0);
    }

    /** {@link #sample} from layer {@code from} on, whose input ({@link LaneBuffers#layerInput}) is in place. */
    static void sample(LaneBuffers b, Activation f, int s, boolean dropping, int from) {
        for (int l = from; l < b.layers; l++) {
            double[] in = b.layerInput(0, l, dropping);
            double[] w = b.theta[2 * l];
            double[] bias = b.theta[2 * l + 1];
            double[] z = b.pre[0][l];
            int fi = b.fanIn[l];
            int fo = b.fanOut[l];
            boolean fromZero = b.forwardFromZero[l];
            for (int j = 0; j < fo; j++) {
                DoubleVector acc = DoubleVector.fromArray(S, in, O).mul(DoubleVector.fromArray(S, w, O + j * L));
                if (fromZero) {
                    acc = DoubleVector.zero(S).add(acc);
                }
                for (int k = 1; k < fi; k++) {
                    acc = acc.add(DoubleVector.fromArray(S, in, O + k * L)
                            .mul(DoubleVector.fromArray(S, w, O + (k * fo + j) * L)));
                }
                acc.add(DoubleVector.fromArray(S, bias, O + j * L)).intoArray(z, O + j * L);
            }
            if (l < b.layers - 1) {
                b.activate(f, z, b.act[0][l], fo * L, true);
                if (dropping) {
                    drop(b, 0, l, s);
                }
            }
        }
    }

    /** The samples of rows s..s+3 in slots 0..3, whose inputs are loaded. */
    static void block(LaneBuffers b, Activation f, int s, boolean dropping) {
        block(b, f, s, dropping, 0);
    }

    /** {@link #block} from layer {@code from} on, whose inputs ({@link LaneBuffers#layerInput}) are in place. */
    static void block(LaneBuffers b, Activation f, int s, boolean dropping, int from) {
        for (int l = from; l < b.layers; l++) {
            double[] in0 = b.layerInput(0, l, dropping);
            double[] in1 = b.layerInput(1, l, dropping);
            double[] in2 = b.layerInput(2, l, dropping);
            double[] in3 = b.layerInput(3, l, dropping);
            double[] w = b.theta[2 * l];
            double[] bias = b.theta[2 * l + 1];
            double[] z0 = b.pre[0][l], z1 = b.pre[1][l], z2 = b.pre[2][l], z3 = b.pre[3][l];
            int fi = b.fanIn[l];
            int fo = b.fanOut[l];
            boolean fromZero = b.forwardFromZero[l];
            int j = fourUnitsAtATime(in0, in1, in2, in3, w, bias, z0, z1, z2, z3, fi, fo, fromZero);
            for (; j < fo; j++) {
                oneUnit(in0, in1, in2, in3, w, bias, z0, z1, z2, z3, fi, fo, fromZero, j);
            }
            if (l < b.layers - 1) {
                for (int q = 0; q < LaneBuffers.SLOTS; q++) {
                    b.activate(f, b.pre[q][l], b.act[q][l], fo * L, true);
                    if (dropping) {
                        drop(b, q, l, s + q);
                    }
                }
            }
        }
    }

    /**
     * Units j..j+3 of the four samples for every j + 4 <= fo: 16 sums in registers, each weight and input
     * loaded once per 16 products. Returns the first unit left over.
     */
    private static int fourUnitsAtATime(double[] in0, double[] in1, double[] in2, double[] in3, double[] w,
            double[] bias, double[] z0, double[] z1, double[] z2, double[] z3, int fi, int fo, boolean fromZero) {
        int j = 0;
        for (; j + 4 <= fo; j += 4) {
            DoubleVector x0 = DoubleVector.fromArray(S, in0, O);
            DoubleVector x1 = DoubleVector.fromArray(S, in1, O);
            DoubleVector x2 = DoubleVector.fromArray(S, in2, O);
            DoubleVector x3 = DoubleVector.fromArray(S, in3, O);
            DoubleVector wa = DoubleVector.fromArray(S, w, O + j * L);
            DoubleVector wb = DoubleVector.fromArray(S, w, O + (j + 1) * L);
            DoubleVector wc = DoubleVector.fromArray(S, w, O + (j + 2) * L);
            DoubleVector wd = DoubleVector.fromArray(S, w, O + (j + 3) * L);
            DoubleVector a0 = x0.mul(wa), a1 = x1.mul(wa), a2 = x2.mul(wa), a3 = x3.mul(wa);
            DoubleVector b0 = x0.mul(wb), b1 = x1.mul(wb), b2 = x2.mul(wb), b3 = x3.mul(wb);
            DoubleVector c0 = x0.mul(wc), c1 = x1.mul(wc), c2 = x2.mul(wc), c3 = x3.mul(wc);
            DoubleVector d0 = x0.mul(wd), d1 = x1.mul(wd), d2 = x2.mul(wd), d3 = x3.mul(wd);
            if (fromZero) {
                DoubleVector z = DoubleVector.zero(S);
                a0 = z.add(a0); a1 = z.add(a1); a2 = z.add(a2); a3 = z.add(a3);
                b0 = z.add(b0); b1 = z.add(b1); b2 = z.add(b2); b3 = z.add(b3);
                c0 = z.add(c0); c1 = z.add(c1); c2 = z.add(c2); c3 = z.add(c3);
                d0 = z.add(d0); d1 = z.add(d1); d2 = z.add(d2); d3 = z.add(d3);
            }
            for (int k = 1; k < fi; k++) {
                int row = (k * fo + j) * L;
                x0 = DoubleVector.fromArray(S, in0, O + k * L);
                x1 = DoubleVector.fromArray(S, in1, O + k * L);
                x2 = DoubleVector.fromArray(S, in2, O + k * L);
                x3 = DoubleVector.fromArray(S, in3, O + k * L);
                wa = DoubleVector.fromArray(S, w, O + row);
                wb = DoubleVector.fromArray(S, w, O + row + L);
                wc = DoubleVector.fromArray(S, w, O + row + 2 * L);
                wd = DoubleVector.fromArray(S, w, O + row + 3 * L);
                a0 = a0.add(x0.mul(wa)); a1 = a1.add(x1.mul(wa)); a2 = a2.add(x2.mul(wa)); a3 = a3.add(x3.mul(wa));
                b0 = b0.add(x0.mul(wb)); b1 = b1.add(x1.mul(wb)); b2 = b2.add(x2.mul(wb)); b3 = b3.add(x3.mul(wb));
                c0 = c0.add(x0.mul(wc)); c1 = c1.add(x1.mul(wc)); c2 = c2.add(x2.mul(wc)); c3 = c3.add(x3.mul(wc));
                d0 = d0.add(x0.mul(wd)); d1 = d1.add(x1.mul(wd)); d2 = d2.add(x2.mul(wd)); d3 = d3.add(x3.mul(wd));
            }
            int at = j * L;
            DoubleVector ba = DoubleVector.fromArray(S, bias, O + at);
            DoubleVector bb = DoubleVector.fromArray(S, bias, O + at + L);
            DoubleVector bc = DoubleVector.fromArray(S, bias, O + at + 2 * L);
            DoubleVector bd = DoubleVector.fromArray(S, bias, O + at + 3 * L);
            a0.add(ba).intoArray(z0, O + at); b0.add(bb).intoArray(z0, O + at + L);
            c0.add(bc).intoArray(z0, O + at + 2 * L); d0.add(bd).intoArray(z0, O + at + 3 * L);
            a1.add(ba).intoArray(z1, O + at); b1.add(bb).intoArray(z1, O + at + L);
            c1.add(bc).intoArray(z1, O + at + 2 * L); d1.add(bd).intoArray(z1, O + at + 3 * L);
            a2.add(ba).intoArray(z2, O + at); b2.add(bb).intoArray(z2, O + at + L);
            c2.add(bc).intoArray(z2, O + at + 2 * L); d2.add(bd).intoArray(z2, O + at + 3 * L);
            a3.add(ba).intoArray(z3, O + at); b3.add(bb).intoArray(z3, O + at + L);
            c3.add(bc).intoArray(z3, O + at + 2 * L); d3.add(bd).intoArray(z3, O + at + 3 * L);
        }
        return j;
    }

    /** Unit j of the four samples: the sums of {@link #fourUnitsAtATime} for one unit. */
    private static void oneUnit(double[] in0, double[] in1, double[] in2, double[] in3, double[] w, double[] bias,
            double[] z0, double[] z1, double[] z2, double[] z3, int fi, int fo, boolean fromZero, int j) {
        DoubleVector wv = DoubleVector.fromArray(S, w, O + j * L);
        DoubleVector a0 = DoubleVector.fromArray(S, in0, O).mul(wv);
        DoubleVector a1 = DoubleVector.fromArray(S, in1, O).mul(wv);
        DoubleVector a2 = DoubleVector.fromArray(S, in2, O).mul(wv);
        DoubleVector a3 = DoubleVector.fromArray(S, in3, O).mul(wv);
        if (fromZero) {
            DoubleVector zero = DoubleVector.zero(S);
            a0 = zero.add(a0);
            a1 = zero.add(a1);
            a2 = zero.add(a2);
            a3 = zero.add(a3);
        }
        for (int k = 1; k < fi; k++) {
            wv = DoubleVector.fromArray(S, w, O + (k * fo + j) * L);
            a0 = a0.add(DoubleVector.fromArray(S, in0, O + k * L).mul(wv));
            a1 = a1.add(DoubleVector.fromArray(S, in1, O + k * L).mul(wv));
            a2 = a2.add(DoubleVector.fromArray(S, in2, O + k * L).mul(wv));
            a3 = a3.add(DoubleVector.fromArray(S, in3, O + k * L).mul(wv));
        }
        DoubleVector bv = DoubleVector.fromArray(S, bias, O + j * L);
        a0.add(bv).intoArray(z0, O + j * L);
        a1.add(bv).intoArray(z1, O + j * L);
        a2.add(bv).intoArray(z2, O + j * L);
        a3.add(bv).intoArray(z3, O + j * L);
    }

    /** A_l ⊙ M_l for the sample of row s (in slot q), the next layer's input under dropout. */
    private static void drop(LaneBuffers b, int q, int l, int s) {
        int width = b.fanOut[l];
        double[] mask = b.mask[l];
        for (int u = 0; u < width; u++) {
            DoubleVector.fromArray(S, b.act[q][l], O + u * L)
                    .mul(DoubleVector.fromArray(S, mask, O + (s * width + u) * L))
                    .intoArray(b.dropped[q][l], O + u * L);
        }
    }
}
