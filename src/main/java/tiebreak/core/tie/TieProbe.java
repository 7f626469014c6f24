package tiebreak.core.tie;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import tiebreak.core.net.Parameters;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.task.TaskData;

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
    private final SplitHessian hessian;     // null: not measured
    private final TaskData data;
    private final int[] schedule;
    private final double[] vectors;
    private final double[] split;
    private final double lr;
    private final double weightDecay;
    private final boolean predicts;

    /** Distances only. */
    public TieProbe(RunSpec spec) {
        this(spec, null, null, null);
    }

    /**
     * Distances, and where the run asks for it ({@link SplitHessian#measures}) the split-direction Hessian on
     * {@code data}, with {@code hessian} as its workspace (shaped for the run's net); {@code schedule} is the
     * run's checkpoint steps, whose gaps the predicted growth is for.
     */
    public TieProbe(RunSpec spec, SplitHessian hessian, TaskData data, int[] schedule) {
        this.inLayer = spec.tieLayer() - 1;
        this.group = spec.tieUnits();
        this.inInP = spec.tieMode().inPartOfP();
        this.outInP = spec.tieMode().outPartOfP();
        this.hessian = SplitHessian.measures(spec) ? hessian : null;
        this.data = data;
        this.schedule = schedule;
        this.lr = spec.lr();
        this.weightDecay = spec.training().weightDecay();
        this.predicts = SplitHessian.predictsGrowth(spec);
        int size = this.hessian == null ? 0 : this.hessian.size();
        this.vectors = new double[size * size];
        this.split = new double[size];
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
        return hessian == null ? widest : withSplitHessian(widest, p);
    }

    /**
     * The checkpoint with H_aa's three smallest eigenvalues and, where the linearisation describes the
     * optimizer, the growth rate it predicts for the split as it is now, up to the next checkpoint.
     */
    private Checkpoint withSplitHessian(Checkpoint c, Parameters p) {
        hessian.matrix(p, data.x, data.y);
        double[] mu;
        double rate = Double.NaN;
        if (predicts) {
            double[] values = hessian.decomposeWithDecay(weightDecay, vectors);
            mu = weightDecay == 0 ? values : hessian.decomposeWithDecay(0, null);   // one decomposition without decay
            hessian.split(p, split);
            rate = hessian.predictedRate(values, vectors, split, lr, stepsToNext(c.step()));
        } else {
            mu = hessian.decomposeWithDecay(0, null);
        }
        return new Checkpoint(c.step(), c.dIn(), c.dOut(), c.dist(), c.scale(), c.rel(), c.loss(), c.accuracy(), mu[0],
                mu[1], mu[2], rate);
    }

    /** Steps from this checkpoint to the next (1 after the last). */
    private int stepsToNext(int step) {
        for (int k = 0; k < schedule.length; k++) {
            if (schedule[k] > step) {
                return schedule[k] - step;
            }
        }
        return 1;
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
