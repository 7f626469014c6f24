package tiebreak.core.lanes;

import static tiebreak.core.lanes.LaneMath.O;
import static tiebreak.core.lanes.LaneMath.S;

import jdk.incubator.vector.DoubleVector;

/**
 * Mean-squared error over lane arrays, in {@link tiebreak.core.net.Loss#MSE}'s order: the output error
 * dLoss/dŷ = (ŷ − y)/n that starts the backward pass, and the loss Σ r² / 2n summed sample by sample.
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
        for (int c = 0; c < k; c++) {
            DoubleVector target = laneY != null ? DoubleVector.fromArray(S, laneY, O + (s * k + c) * L)
                    : DoubleVector.broadcast(S, y[s * k + c]);
            DoubleVector r = DoubleVector.fromArray(S, out, O + c * L).sub(target);
            (exact ? r.mul(inverse) : r.div(rows)).intoArray(dOut, O + c * L);
        }
    }

    /**
     * loss += (ŷ_c − y_c)² for the k outputs of the sample of row s in slot q, in output order; targets as in
     * {@link #outputError}.
     */
    static void addSquaredErrors(LaneBuffers b, int q, int s, double[] laneY, double[] y, double[] loss) {
        int k = b.fanOut[b.layers - 1];
        double[] out = b.pre[q][b.layers - 1];
        for (int c = 0; c < k; c++) {
            DoubleVector target = laneY != null ? DoubleVector.fromArray(S, laneY, O + (s * k + c) * L)
                    : DoubleVector.broadcast(S, y[s * k + c]);
            DoubleVector r = DoubleVector.fromArray(S, out, O + c * L).sub(target);
            DoubleVector.fromArray(S, loss, 0).add(r.mul(r)).intoArray(loss, 0);
        }
    }

    /** Each lane's sum of squared errors over n samples becomes MSE's loss: sum / 2n. */
    static void mean(double[] loss, int n) {
        DoubleVector.fromArray(S, loss, 0).div(2.0 * n).intoArray(loss, 0);
    }
}
