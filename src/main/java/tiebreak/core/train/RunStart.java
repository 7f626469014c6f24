package tiebreak.core.train;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import tiebreak.core.math.SymmetricEigen;
import tiebreak.core.net.Parameters;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.TieMode;
import tiebreak.core.task.TaskData;
import tiebreak.core.tie.Duplication;
import tiebreak.core.tie.ObjectiveHessian;
import tiebreak.core.tie.SplitHessian;
import tiebreak.core.tie.TieSetup;

/**
 * A run's starting parameters, for every trainer: {@link TieSetup}'s init, tie and ε; or, for a run that
 * duplicates a unit ({@code duplicate_after} > 0), Fukumizu and Amari's construction: the net without unit j
 * of the tie layer, trained {@code duplicate_after} steps from the run's init, then unit i duplicated into j
 * (both with unit i's incoming weights and bias, unit i keeping r·v of its outgoing weights v and unit j
 * getting (1 − r)·v, so the net computes what the narrow one did), then ε on unit j's incoming weights and
 * bias as for any {@code in} tie. Such a start also measures the narrow net ({@link Duplication}).
 */
public final class RunStart {
    private RunStart() {
    }

    /**
     * The largest net whose whole Hessian a duplicated start takes: P² doubles three times over (24 MB at
     * 1,000) and 2P gradients; beyond it {@code hessian_min} and {@code predicted_log_change} are not measured.
     */
    public static final int MAX_HESSIAN_PARAMETERS = 1000;

    /** Sets {@code p} to the run's start; returns what a duplicated start measured, or null for any other. */
    public static Duplication prepare(RunSpec spec, Parameters p) {
        if (!spec.training().duplicates()) {
            TieSetup.prepare(spec, p);
            return null;
        }
        Trainer narrow = new Trainer();
        RunSpec narrowSpec = narrowSpec(spec);
        narrow.prepare(narrowSpec);
        for (int step = 0; step < narrowSpec.steps(); step++) {
            narrow.step(narrowSpec.lr());
        }
        return duplicateAndMeasure(spec, narrow, p);
    }

    /**
     * {@code p} = the trained narrow net with its unit duplicated and ε added, and what that start measures;
     * public for the benchmark that prices the measurements against the run.
     */
    public static Duplication duplicateAndMeasure(RunSpec spec, Trainer narrow, Parameters p) {
        double loss = narrow.loss();
        TaskData data = narrow.data();
        double decay = spec.training().weightDecay();
        double[] gradient = new ObjectiveHessian(narrowSpec(spec).widths(), data.samples(), spec.activation(),
                spec.task().loss()).gradient(narrow.parameters(), data, decay);
        duplicate(spec, narrow.parameters(), p);
        int n = spec.widths().get(spec.tieLayer() - 1) + 1;
        double[] mu = SymmetricEigen.decompose(curvature(spec, p, data), n, new double[n * n], null);
        boolean conditionApplies = decay == 0 && spec.widths().get(spec.tieLayer() + 1) == 1;
        // the whole objective's Hessian at the start, before ε: not for relu, whose kinks a difference
        // quotient of the gradient straddles, nor past MAX_HESSIAN_PARAMETERS
        double[] values = null;
        double[] vectors = null;
        if (measuresHessian(spec) && p.allFinite()) {      // a narrow net that diverged: the run will say so
            ObjectiveHessian objective = new ObjectiveHessian(spec.widths(), data.samples(), spec.activation(),
                    spec.task().loss());
            int size = objective.size();
            vectors = new double[size * size];
            values = SymmetricEigen.decompose(objective.matrix(p, data, decay), size, new double[size * size], vectors);
        }
        double[] before = ObjectiveHessian.flatten(p);
        TieSetup.perturb(spec, p);
        double change = Double.NaN;
        if (values != null && conditionApplies && SplitHessian.predictsGrowth(spec) && spec.epsilon() > 0) {
            double[] e0 = ObjectiveHessian.flatten(p);
            for (int k = 0; k < e0.length; k++) {
                e0[k] -= before[k];
            }
            int[][] pair = incomingPair(spec, p);
            change = ObjectiveHessian.logSplitChange(values, vectors, e0, pair[0], pair[1], spec.lr(), spec.steps());
        }
        double lowest = values == null ? Double.NaN : values[0];
        return new Duplication(loss, norm(gradient), mu[0], mu[mu.length - 1], lowest, change, conditionApplies);
    }

    /** Whether a duplicated start of this spec takes the wide net's whole Hessian (a smooth f, P within the cap). */
    public static boolean measuresHessian(RunSpec spec) {
        return spec.training().duplicates() && spec.activation().smooth() && parameters(spec.widths()) <= MAX_HESSIAN_PARAMETERS;
    }

    private static long parameters(List<Integer> widths) {
        long count = 0;
        for (int l = 0; l + 1 < widths.size(); l++) {
            count += (long) widths.get(l) * widths.get(l + 1) + widths.get(l + 1);
        }
        return count;
    }

    private static double norm(double[] x) {
        double sum = 0;
        for (double value : x) {
            sum += value * value;
        }
        return Math.sqrt(sum);
    }

    /** The flat indices of unit i's and unit j's incoming weights and bias, element by element. */
    private static int[][] incomingPair(RunSpec spec, Parameters p) {
        int in = spec.tieLayer() - 1;
        int fanIn = spec.widths().get(in);
        int[][] pair = new int[2][fanIn + 1];
        int[] units = {spec.unitI(), spec.tieUnits().get(1)};
        for (int side = 0; side < 2; side++) {
            for (int row = 0; row < fanIn; row++) {
                pair[side][row] = ObjectiveHessian.index(p, 2 * in, row, units[side]);
            }
            pair[side][fanIn] = ObjectiveHessian.index(p, 2 * in + 1, 0, units[side]);
        }
        return pair;
    }

    /**
     * A at a duplicated start {@code wide} (before ε), row-major over the unit's incoming weights and bias:
     * twice the incoming block of the pair's H_aa, since at the pair's symmetric point each unit carries half
     * the narrow unit's outgoing weights, whatever r is (docs/split-hessian.md).
     */
    static double[] curvature(RunSpec spec, Parameters wide, TaskData data) {
        SplitHessian hessian = new SplitHessian(spec.widths(), spec.tieLayer(), spec.unitI(), spec.tieUnits().get(1),
                spec.activation(), spec.task().loss());
        double[] h = hessian.matrix(wide, data.x, data.y);
        int n = spec.widths().get(spec.tieLayer() - 1) + 1;
        double[] a = new double[n * n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                a[r * n + c] = 2.0 * h[r * hessian.size() + c];
            }
        }
        return a;
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
