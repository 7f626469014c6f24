package tiebreak.core.lanes;

import static tiebreak.core.lanes.LaneMath.O;
import static tiebreak.core.lanes.LaneMath.S;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import tiebreak.core.net.Activation;

/**
 * The losses of central differences at the cost of what a parameter reaches. Moving W_l[k][j] or b_l[j]
 * changes unit j of layer l and the layers after it, nothing before: so each row's inputs of every layer and
 * its outputs are kept from one forward pass at the step's parameters ({@link #keep}), and each moved
 * parameter's loss ({@link #loss}) recomputes unit j's sum, its activation and mask, then the layers after
 * it from the kept inputs with unit j replaced (or, in the output layer, output j alone). Every value is
 * computed by the operations of {@link LaneForward} in its order, or is the very value that pass kept, so
 * the loss has the bits of a whole forward pass, the scalar Trainer's; for [8,16,1] it is a tenth of the work.
 */
final class LaneDifferences {
    private static final int L = LaneMath.L;
    private static final int SLOTS = LaneBuffers.SLOTS;

    /** Each row's input of each layer at the step's parameters, [layer][O + (row * fanIn + k) * L + lane]. */
    private double[][] inputs = new double[0][];
    /** Each row's outputs, [O + (row * outputs + c) * L + lane]. */
    private double[] outputs = new double[0];
    /** One unit's sums of up to {@link LaneBuffers#SLOTS} rows, then their activations. */
    private final double[] unit = LaneMath.buffer(SLOTS * L);

    /** Room for {@code rows} rows of these buffers' widths (allocates only when it must grow). */
    void shape(LaneBuffers b, int rows) {
        int k = b.fanOut[b.layers - 1];
        if (inputs.length == b.layers && outputs.length >= O + rows * k * L && fits(b, rows)) {
            return;
        }
        inputs = new double[b.layers][];
        for (int l = 0; l < b.layers; l++) {
            inputs[l] = LaneMath.buffer(rows * b.fanIn[l] * L);
        }
        outputs = LaneMath.buffer(rows * k * L);
    }

    private boolean fits(LaneBuffers b, int rows) {
        for (int l = 0; l < b.layers; l++) {
            if (inputs[l].length < O + rows * b.fanIn[l] * L) {
                return false;
            }
        }
        return true;
    }

    /** Keeps the layer inputs and outputs of the sample in slot q, which a forward pass has just computed, as row s's. */
    void keep(LaneBuffers b, int q, int s, boolean dropping) {
        for (int l = 0; l < b.layers; l++) {
            int width = b.fanIn[l];
            System.arraycopy(b.layerInput(q, l, dropping), O, inputs[l], O + s * width * L, width * L);
        }
        int k = b.fanOut[b.layers - 1];
        System.arraycopy(b.pre[q][b.layers - 1], O, outputs, O + s * k * L, k * L);
    }

    /**
     * Each lane's loss over the n kept rows with unit j of layer l recomputed at the parameters as they are
     * now, into {@code into}: the loss terms in row and output order, then divided, as {@link LaneLoss} sums
     * them.
     */
    void loss(LaneBuffers b, Activation f, int l, int j, int n, boolean dropping, double[] laneY, double[] y,
            double[] into) {
        Arrays.fill(into, 0.0);
        int last = b.layers - 1;
        if (l == last) {
            int k = b.fanOut[last];
            double[] out = b.pre[0][last];
            for (int s = 0; s < n; s++) {
                System.arraycopy(outputs, O + s * k * L, out, O, k * L);
                unitSum(b, l, j, s, out, O + j * L);
                LaneLoss.addLoss(b, 0, s, laneY, y, into);
            }
        } else if (l == last - 1) {
            // the moved unit feeds the outputs: no other unit's input is copied, only output sums recomputed
            for (int s = 0; s < n; s += SLOTS) {
                int count = Math.min(SLOTS, n - s);
                for (int r = 0; r < count; r++) {
                    unitSum(b, l, j, s + r, unit, O + r * L);
                }
                b.activate(f, unit, unit, count * L, false);
                for (int r = 0; r < count; r++) {
                    if (dropping) {
                        DoubleVector.fromArray(S, unit, O + r * L)
                                .mul(DoubleVector.fromArray(S, b.mask[l], O + ((s + r) * b.fanOut[l] + j) * L))
                                .intoArray(unit, O + r * L);
                    }
                    outputSums(b, last, j, s + r, O + r * L);
                    LaneLoss.addLoss(b, 0, s + r, laneY, y, into);
                }
            }
        } else {
            int s = 0;
            for (; s + SLOTS <= n; s += SLOTS) {
                for (int q = 0; q < SLOTS; q++) {
                    nextInput(b, f, l, j, s + q, q, dropping);
                }
                LaneForward.block(b, f, s, dropping, l + 1);
                for (int q = 0; q < SLOTS; q++) {
                    LaneLoss.addLoss(b, q, s + q, laneY, y, into);
                }
            }
            for (; s < n; s++) {
                nextInput(b, f, l, j, s, 0, dropping);
                LaneForward.sample(b, f, s, dropping, l + 1);
                LaneLoss.addLoss(b, 0, s, laneY, y, into);
            }
        }
        LaneLoss.finish(b, into, n);
    }

    /** Layer l + 1's input of row s in slot q: as kept, but for unit j's activation (and mask) recomputed. */
    private void nextInput(LaneBuffers b, Activation f, int l, int j, int s, int q, boolean dropping) {
        int width = b.fanOut[l];
        double[] target = b.layerInput(q, l + 1, dropping);
        System.arraycopy(inputs[l + 1], O + s * width * L, target, O, width * L);
        unitSum(b, l, j, s, unit, O);
        b.activate(f, unit, unit, L, false);
        DoubleVector a = DoubleVector.fromArray(S, unit, O);
        if (dropping) {
            a = a.mul(DoubleVector.fromArray(S, b.mask[l], O + (s * width + j) * L));
        }
        a.intoArray(target, O + j * L);
    }

    /**
     * The output layer's sums for row s into slot 0, from its kept input but for input j, which is
     * {@code unit} at {@code at}: {@link LaneForward}'s sums.
     */
    private void outputSums(LaneBuffers b, int l, int j, int s, int at) {
        double[] in = inputs[l];
        double[] w = b.theta[2 * l];
        double[] bias = b.theta[2 * l + 1];
        double[] out = b.pre[0][l];
        int fi = b.fanIn[l];
        int fo = b.fanOut[l];
        int row = O + s * fi * L;
        for (int c = 0; c < fo; c++) {
            DoubleVector acc = (j == 0 ? DoubleVector.fromArray(S, unit, at) : DoubleVector.fromArray(S, in, row))
                    .mul(DoubleVector.fromArray(S, w, O + c * L));
            if (b.forwardFromZero[l]) {
                acc = DoubleVector.zero(S).add(acc);
            }
            for (int k = 1; k < fi; k++) {
                DoubleVector x = k == j ? DoubleVector.fromArray(S, unit, at) : DoubleVector.fromArray(S, in, row + k * L);
                acc = acc.add(x.mul(DoubleVector.fromArray(S, w, O + (k * fo + c) * L)));
            }
            acc.add(DoubleVector.fromArray(S, bias, O + c * L)).intoArray(out, O + c * L);
        }
    }

    /** z_j of layer l for row s into {@code out} at {@code at}: {@link LaneForward}'s sum for one unit. */
    private void unitSum(LaneBuffers b, int l, int j, int s, double[] out, int at) {
        double[] in = inputs[l];
        double[] w = b.theta[2 * l];
        int fi = b.fanIn[l];
        int fo = b.fanOut[l];
        int row = O + s * fi * L;
        DoubleVector acc = DoubleVector.fromArray(S, in, row).mul(DoubleVector.fromArray(S, w, O + j * L));
        if (b.forwardFromZero[l]) {
            acc = DoubleVector.zero(S).add(acc);
        }
        for (int k = 1; k < fi; k++) {
            acc = acc.add(DoubleVector.fromArray(S, in, row + k * L).mul(DoubleVector.fromArray(S, w, O + (k * fo + j) * L)));
        }
        acc.add(DoubleVector.fromArray(S, b.theta[2 * l + 1], O + j * L)).intoArray(out, at);
    }
}
