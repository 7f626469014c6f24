package tiebreak.core.train;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import tiebreak.core.net.Parameters;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.TieMode;
import tiebreak.core.tie.TieSetup;

/**
 * A run's starting parameters, for every trainer: {@link TieSetup}'s init, tie and ε; or, for a run that
 * duplicates a unit ({@code duplicate_after} > 0), Fukumizu and Amari's construction: the net without unit j
 * of the tie layer, trained {@code duplicate_after} steps from the run's init, then unit i duplicated into j
 * (both with unit i's incoming weights and bias, unit i keeping r·v of its outgoing weights v and unit j
 * getting (1 − r)·v, so the net computes what the narrow one did), then ε on unit j's incoming weights and
 * bias as for any {@code in} tie.
 */
public final class RunStart {
    private RunStart() {
    }

    public static void prepare(RunSpec spec, Parameters p) {
        if (!spec.training().duplicates()) {
            TieSetup.prepare(spec, p);
            return;
        }
        Trainer narrow = new Trainer();
        RunSpec narrowSpec = narrowSpec(spec);
        narrow.prepare(narrowSpec);
        for (int step = 0; step < narrowSpec.steps(); step++) {
            narrow.step(narrowSpec.lr());
        }
        duplicate(spec, narrow.parameters(), p);
        TieSetup.perturb(spec, p);
    }

    /**
     * The narrow run: the tie layer one unit narrower, no tie (a pair of units, untouched, so the spec is
     * valid), the run's own training for {@code duplicate_after} steps, its seeds and init scheme.
     */
    public static RunSpec narrowSpec(RunSpec spec) {
        List<Integer> widths = new ArrayList<>(spec.widths());
        widths.set(spec.tieLayer(), widths.get(spec.tieLayer()) - 1);
        return new RunSpec(spec.sweep(), spec.task(), spec.dataSeed(), spec.initSeed(), widths, spec.activation(),
                spec.init(), spec.tieLayer(), List.of(0, 1), TieMode.NONE, 0.0, spec.training().duplicateAfter(),
                spec.lr(), spec.delta(), spec.checkpoints(), spec.training().withDuplication(0, 0.5)
                        .withSplitHessian(false), spec.variant());
    }

    /** wide = narrow with unit j inserted into the tie layer as unit i's twin, the outgoing weights split r : 1 − r. */
    static void duplicate(RunSpec spec, Parameters narrow, Parameters wide) {
        wide.reshape(spec.widths());
        int in = spec.tieLayer() - 1;
        int i = spec.unitI();
        int j = spec.tieUnits().get(1);
        int narrowI = i < j ? i : i - 1;
        double r = spec.training().duplicateRatio();
        for (int l = 0; l < narrow.layers(); l++) {
            DMatrixRMaj w = wide.weight(l);
            DMatrixRMaj b = wide.bias(l);
            DMatrixRMaj nw = narrow.weight(l);
            DMatrixRMaj nb = narrow.bias(l);
            for (int row = 0; row < w.numRows; row++) {
                // rows of the layer after the tie layer are its units: unit j's row is unit i's, shared
                int from = l == in + 1 ? source(row, j, narrowI) : row;
                double share = l != in + 1 ? 1.0 : row == i ? r : row == j ? 1.0 - r : 1.0;
                for (int col = 0; col < w.numCols; col++) {
                    int fromCol = l == in ? source(col, j, narrowI) : col;
                    w.set(row, col, share * nw.get(from, fromCol));
                }
            }
            for (int col = 0; col < b.numCols; col++) {
                b.set(0, col, nb.get(0, l == in ? source(col, j, narrowI) : col));
            }
        }
    }

    /** The narrow net's unit for wide unit k: j is unit i's twin, the units after j move up by one. */
    private static int source(int k, int j, int narrowI) {
        return k == j ? narrowI : k < j ? k : k - 1;
    }
}
