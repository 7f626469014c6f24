package tiebreak.core.lanes;

import static tiebreak.core.lanes.LaneMath.O;
import static tiebreak.core.lanes.LaneMath.S;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The two losses of {@link tiebreak.core.net.Loss} over lane arrays, each in its scalar order: the output
 * error dLoss/dŷ that starts the backward pass, and the loss summed sample by sample then divided
 * ({@link #finish}). Mean-squared error: (ŷ − y)/n and Σ r² / 2n. Softmax cross-entropy (classification
 * tasks, {@link LaneBuffers#crossEntropy}): ((Σ_j y_j) softmax_j − y_j)/n and Σ_s Σ_j y_sj (lse_s − ŷ_sj) / n,
 * each exponential by {@link LaneMath#exp}, each lane's log by {@link StrictMath#log}, as the scalar code.
 * Each lane's running loss lives in an array, not a vector variable: a vector live across a call that is
 * not inlined would be boxed on every sample.
 */
final class LaneLoss {
    private static final int L = LaneMath.L;

    private LaneLoss() {
    }

    /**
     * The output error of the sample of row s (slot q) among n rows: targets from {@code laneY} (each lane's
     * own rows) when it is not null, else from the shared {@code y}.
     */
    static void outputError(LaneBuffers b, int q, int s, int n, double[] laneY, double[] y) {
        int k = b.fanOut[b.layers - 1];
        double[] out = b.pre[q][b.layers - 1];
        double[] dOut = b.delta[q][b.layers - 1];
        double rows = n;
        // x/n and x·(1/n) are both x/n correctly rounded when 1/n is exact, i.e. n a power of two: the same
        // bits without a division, whose latency sits on the path from the forward pass to the backward one
        boolean exact = Integer.bitCount(n) == 1;
        double inverse = 1.0 / n;
        if (b.crossEntropy) {
            double[] e = b.softmax;
            softmaxTerms(b, out);
            DoubleVector total = DoubleVector.zero(S);
            DoubleVector mass = DoubleVector.zero(S);
            for (int c = 0; c < k; c++) {
                total = total.add(DoubleVector.fromArray(S, e, O + c * L));
                mass = mass.add(target(laneY, y, s, k, c));
            }
            for (int c = 0; c < k; c++) {
                DoubleVector r = mass.mul(DoubleVector.fromArray(S, e, O + c * L).div(total))
                        .sub(target(laneY, y, s, k, c));
                (exact ? r.mul(inverse) : r.div(rows)).intoArray(dOut, O + c * L);
            }
            return;
        }
        for (int c = 0; c < k; c++) {
            DoubleVector r = DoubleVector.fromArray(S, out, O + c * L).sub(target(laneY, y, s, k, c));
            (exact ? r.mul(inverse) : r.div(rows)).intoArray(dOut, O + c * L);
        }
    }

    /**
     * Adds the loss terms of the sample of row s in slot q to {@code loss}, in output order: (ŷ_c − y_c)² or
     * y_c (lse − ŷ_c); targets as in {@link #outputError}.
     */
    static void addLoss(LaneBuffers b, int q, int s, double[] laneY, double[] y, double[] loss) {
        int k = b.fanOut[b.layers - 1];
        double[] out = b.pre[q][b.layers - 1];
        if (b.crossEntropy) {
            // lse = max + log Σ exp(ŷ_c − max), the log lane by lane (StrictMath's fdlibm bits)
            double[] e = b.softmax;
            double[] lse = b.logSumExp;
            softmaxTerms(b, out);
            DoubleVector total = DoubleVector.zero(S);
            for (int c = 0; c < k; c++) {
                total = total.add(DoubleVector.fromArray(S, e, O + c * L));
            }
            total.intoArray(lse, 0);
            for (int i = 0; i < L; i++) {
                lse[i] = b.rowMax[i] + StrictMath.log(lse[i]);
            }
            DoubleVector l = DoubleVector.fromArray(S, lse, 0);
            for (int c = 0; c < k; c++) {
                DoubleVector term = target(laneY, y, s, k, c).mul(l.sub(DoubleVector.fromArray(S, out, O + c * L)));
                DoubleVector.fromArray(S, loss, 0).add(term).intoArray(loss, 0);
            }
            return;
        }
        for (int c = 0; c < k; c++) {
            DoubleVector r = DoubleVector.fromArray(S, out, O + c * L).sub(target(laneY, y, s, k, c));
            DoubleVector.fromArray(S, loss, 0).add(r.mul(r)).intoArray(loss, 0);
        }
    }

    /** Each lane's sum of loss terms over n samples becomes its loss: MSE's sum / 2n, cross-entropy's sum / n. */
    static void finish(LaneBuffers b, double[] loss, int n) {
        DoubleVector.fromArray(S, loss, 0).div(b.crossEntropy ? (double) n : 2.0 * n).intoArray(loss, 0);
    }

    /**
     * correct[i] += 1 for each lane whose largest output of the sample in slot q is the class of the largest
     * shared target of row s (the first of equals, as {@link tiebreak.core.net.Loss#accuracy} picks it).
     */
    static void countCorrect(LaneBuffers b, int q, int s, double[] y, double[] correct) {
        int k = b.fanOut[b.layers - 1];
        double[] out = b.pre[q][b.layers - 1];
        int label = 0;
        for (int c = 1; c < k; c++) {
            if (y[s * k + c] > y[s * k + label]) {
                label = c;
            }
        }
        for (int i = 0; i < L; i++) {
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (out[O + c * L + i] > out[O + best * L + i]) {
                    best = c;
                }
            }
            correct[i] += best == label ? 1 : 0;
        }
    }

    /**
     * exp(ŷ_c − max) of the outputs {@code out} into {@link LaneBuffers#softmax}, max (Math.max's, from the
     * first output on) into {@link LaneBuffers#rowMax}.
     */
    private static void softmaxTerms(LaneBuffers b, double[] out) {
        int k = b.fanOut[b.layers - 1];
        double[] e = b.softmax;
        DoubleVector max = DoubleVector.fromArray(S, out, O);
        for (int c = 1; c < k; c++) {
            max = max.lanewise(VectorOperators.MAX, DoubleVector.fromArray(S, out, O + c * L));
        }
        max.intoArray(b.rowMax, 0);
        for (int c = 0; c < k; c++) {
            DoubleVector.fromArray(S, out, O + c * L).sub(max).intoArray(e, O + c * L);
        }
        LaneMath.exp(e, e, k * L);
    }

    private static DoubleVector target(double[] laneY, double[] y, int s, int k, int c) {
        return laneY != null ? DoubleVector.fromArray(S, laneY, O + (s * k + c) * L)
                : DoubleVector.broadcast(S, y[s * k + c]);
    }
}
