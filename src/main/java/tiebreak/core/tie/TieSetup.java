package tiebreak.core.tie;

import org.ejml.data.DMatrixRMaj;
import tiebreak.core.math.Rng;
import tiebreak.core.net.Parameters;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.TieMode;

/**
 * Puts a run's parameters in their starting state: the normal init, then the tie (the first unit of the
 * group copied to the others, or to every unit of the layer for {@code all}), then the ε perturbation:
 * every other unit of the group moves by ε along its own random unit vector in the space of its tied
 * parameters P, so each starts at distance ε from the first.
 */
public final class TieSetup {
    private TieSetup() {
    }

    public static void prepare(RunSpec spec, Parameters p) {
        p.initialise(spec.init(), Rng.stream(spec.initSeed(), Rng.Purpose.INIT));
        int in = spec.tieLayer() - 1;
        DMatrixRMaj w = p.weight(in);
        DMatrixRMaj b = p.bias(in);
        DMatrixRMaj v = p.weight(in + 1);
        int source = spec.unitI();
        TieMode mode = spec.tieMode();
        for (int target = 0; target < w.numCols; target++) {
            boolean tied = mode == TieMode.ALL ? target != source
                    : spec.tieUnits().indexOf(target) > 0;
            if (!tied) {
                continue;
            }
            if (mode.copiesIn()) {
                for (int r = 0; r < w.numRows; r++) {
                    w.set(r, target, w.get(r, source));
                }
                b.set(0, target, b.get(0, source));
            }
            if (mode.copiesOut()) {
                for (int c = 0; c < v.numCols; c++) {
                    v.set(target, c, v.get(source, c));
                }
            }
        }
        perturb(spec, p);
    }

    /**
     * The ε perturbation of every other unit of the group (as {@link #prepare} ends), then, for float32 runs,
     * every parameter rounded to float: for parameters tied some other way (a duplicated unit).
     */
    public static void perturb(RunSpec spec, Parameters p) {
        if (spec.epsilon() > 0) {
            int in = spec.tieLayer() - 1;
            Rng rng = Rng.stream(spec.initSeed(), Rng.Purpose.PERTURBATION);
            for (int m = 1; m < spec.tieUnits().size(); m++) {
                perturb(spec, p.weight(in), p.bias(in), p.weight(in + 1), spec.tieUnits().get(m), rng);
            }
        }
        if (spec.training().float32()) {
            p.roundToFloat();
        }
    }

    /** Adds ε·u to unit j's parameters in P, in the order: incoming weights, bias, outgoing weights. */
    private static void perturb(RunSpec spec, DMatrixRMaj w, DMatrixRMaj b, DMatrixRMaj v, int j, Rng rng) {
        boolean withIn = spec.tieMode().inPartOfP();
        boolean withOut = spec.tieMode().outPartOfP();
        int size = (withIn ? w.numRows + 1 : 0) + (withOut ? v.numCols : 0);
        double[] u = new double[size];
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
