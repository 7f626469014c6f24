package tiebreak.core;

import org.ejml.data.DMatrixRMaj;

/**
 * Puts a run's parameters in their starting state: the normal init, then the tie (copy from unit i to unit j),
 * then the ε perturbation of unit j's tied parameters along a random unit vector.
 */
public final class TieSetup {
    private TieSetup() {
    }

    public static void prepare(RunSpec spec, Parameters p) {
        p.initialise(spec.init(), Rng.stream(spec.initSeed(), Rng.Purpose.INIT));
        int in = spec.tieLayer() - 1;
        int i = spec.unitI();
        int j = spec.unitJ();
        DMatrixRMaj w = p.weight(in);
        DMatrixRMaj b = p.bias(in);
        DMatrixRMaj v = p.weight(in + 1);
        if (spec.tieMode().copiesIn()) {
            for (int r = 0; r < w.numRows; r++) {
                w.set(r, j, w.get(r, i));
            }
            b.set(0, j, b.get(0, i));
        }
        if (spec.tieMode().copiesOut()) {
            for (int c = 0; c < v.numCols; c++) {
                v.set(j, c, v.get(i, c));
            }
        }
        if (spec.epsilon() > 0) {
            perturb(spec, w, b, v, j);
        }
    }

    /** Adds ε·u to unit j's parameters in P, in the order: incoming weights, bias, outgoing weights. */
    private static void perturb(RunSpec spec, DMatrixRMaj w, DMatrixRMaj b, DMatrixRMaj v, int j) {
        boolean withIn = spec.tieMode().inPartOfP();
        boolean withOut = spec.tieMode().outPartOfP();
        int size = (withIn ? w.numRows + 1 : 0) + (withOut ? v.numCols : 0);
        double[] u = new double[size];
        Rng rng = Rng.stream(spec.initSeed(), Rng.Purpose.PERTURBATION);
        double norm = 0.0;
        for (int k = 0; k < size; k++) {
            u[k] = rng.nextGaussian();
            norm += u[k] * u[k];
        }
        double factor = spec.epsilon() / Math.sqrt(norm);
        int k = 0;
        if (withIn) {
            for (int r = 0; r < w.numRows; r++) {
                w.set(r, j, w.get(r, j) + factor * u[k++]);
            }
            b.set(0, j, b.get(0, j) + factor * u[k++]);
        }
        if (withOut) {
            for (int c = 0; c < v.numCols; c++) {
                v.set(j, c, v.get(j, c) + factor * u[k++]);
            }
        }
    }
}
