package tiebreak.core.tie;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import tiebreak.core.net.Parameters;
import tiebreak.core.spec.RunSpec;

/**
 * Distances between the tied units of hidden layer ℓ. A unit's incoming part is its column of
 * {@code weight(ℓ−1)} plus its entry of {@code bias(ℓ−1)}; its outgoing part is its row of {@code weight(ℓ)}.
 * For a group of more than two units every pair is measured and the pair with the largest {@code dist}
 * is reported (its first unit gives {@code scale}).
 */
public final class TieProbe {
    private final int inLayer;
    private final List<Integer> group;
    private final boolean inInP;
    private final boolean outInP;

    public TieProbe(RunSpec spec) {
        this.inLayer = spec.tieLayer() - 1;
        this.group = spec.tieUnits();
        this.inInP = spec.tieMode().inPartOfP();
        this.outInP = spec.tieMode().outPartOfP();
    }

    /** Measures the group; {@code loss} and {@code accuracy} are recorded as given. */
    public Checkpoint measure(int step, Parameters p, double loss, double accuracy) {
        Checkpoint widest = null;
        for (int a = 0; a < group.size(); a++) {
            for (int b = a + 1; b < group.size(); b++) {
                Checkpoint c = pair(step, p, group.get(a), group.get(b), loss, accuracy);
                if (widest == null || c.dist() > widest.dist() || Double.isNaN(c.dist())) {
                    widest = c;
                }
            }
        }
        return widest;
    }

    private Checkpoint pair(int step, Parameters p, int i, int j, double loss, double accuracy) {
        double inDiff = 0.0;
        double inNorm = 0.0;
        DMatrixRMaj w = p.weight(inLayer);
        for (int r = 0; r < w.numRows; r++) {
            double a = w.get(r, i);
            double diff = a - w.get(r, j);
            inDiff += diff * diff;
            inNorm += a * a;
        }
        DMatrixRMaj b = p.bias(inLayer);
        double bi = b.get(0, i);
        double bDiff = bi - b.get(0, j);
        inDiff += bDiff * bDiff;
        inNorm += bi * bi;

        double outDiff = 0.0;
        double outNorm = 0.0;
        DMatrixRMaj v = p.weight(inLayer + 1);
        for (int c = 0; c < v.numCols; c++) {
            double a = v.get(i, c);
            double diff = a - v.get(j, c);
            outDiff += diff * diff;
            outNorm += a * a;
        }
        double distSq = (inInP ? inDiff : 0.0) + (outInP ? outDiff : 0.0);
        double scaleSq = (inInP ? inNorm : 0.0) + (outInP ? outNorm : 0.0);
        double dist = Math.sqrt(distSq);
        double scale = Math.sqrt(scaleSq);
        return new Checkpoint(step, Math.sqrt(inDiff), Math.sqrt(outDiff), dist, scale, relative(dist, scale), loss,
                accuracy);
    }

    /** rel = dist/scale, with rel = 0 when dist = 0 and rel = ∞ when only scale = 0. */
    static double relative(double dist, double scale) {
        if (dist == 0.0) {
            return 0.0;
        }
        return scale == 0.0 ? Double.POSITIVE_INFINITY : dist / scale;
    }
}
