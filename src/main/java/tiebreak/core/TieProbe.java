package tiebreak.core;

import org.ejml.data.DMatrixRMaj;

/**
 * Distances between the tied units i and j of hidden layer ℓ. The incoming part is column u of
 * {@code weight(ℓ−1)} plus entry u of {@code bias(ℓ−1)}; the outgoing part is row u of {@code weight(ℓ)}.
 */
public final class TieProbe {
    private final int inLayer;
    private final int i;
    private final int j;
    private final boolean inInP;
    private final boolean outInP;

    public TieProbe(RunSpec spec) {
        this.inLayer = spec.tieLayer() - 1;
        this.i = spec.unitI();
        this.j = spec.unitJ();
        this.inInP = spec.tieMode().inPartOfP();
        this.outInP = spec.tieMode().outPartOfP();
    }

    /** Measures the pair; {@code loss} is recorded as given. */
    public Checkpoint measure(int step, Parameters p, double loss) {
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
        return new Checkpoint(step, Math.sqrt(inDiff), Math.sqrt(outDiff), dist, scale, relative(dist, scale), loss);
    }

    /** rel = dist/scale, with rel = 0 when dist = 0 and rel = ∞ when only scale = 0. */
    static double relative(double dist, double scale) {
        if (dist == 0.0) {
            return 0.0;
        }
        return scale == 0.0 ? Double.POSITIVE_INFINITY : dist / scale;
    }
}
