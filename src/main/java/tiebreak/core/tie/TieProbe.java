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

    /**
     * Distances, and with {@code hessian} (null: not measured; {@link SplitHessian#forRun} gives it where the
     * run asks for it) the split-direction Hessian on {@code data}; {@code schedule} is the run's checkpoint
     * steps, whose gaps the predicted growth is for.
     */
    public TieProbe(RunSpec spec, SplitHessian hessian, TaskData data, int[] schedule) {
        this.inLayer = spec.tieLayer() - 1;
        this.group = spec.tieUnits();
        this.inInP = spec.tieMode().inPartOfP();
        this.outInP = spec.tieMode().outPartOfP();
        this.hessian = hessian;
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
        return measure(step, p, loss, accuracy, null);
    }

    /**
     * {@link #measure}, with H_aa given where the caller has computed it for these parameters (the lane
     * kernel, for a whole batch at once, with the same bits); null: computed here.
     */
    public Checkpoint measure(int step, Parameters p, double loss, double accuracy, double[] splitHessian) {
        Checkpoint widest = null;
        for (int a = 0; a < group.size(); a++) {
            for (int b = a + 1; b < group.size(); b++) {
                Checkpoint c = pair(step, p, group.get(a), group.get(b), loss, accuracy);
                if (widest == null || c.dist() > widest.dist() || Double.isNaN(c.dist())) {
                    widest = c;
                }
            }
        }
        return hessian == null ? widest : withSplitHessian(widest, p, splitHessian);
    }

    /**
     * The checkpoint with H_aa's three smallest eigenvalues, the smallest of H_aa + λD, and where the
     * linearisation describes the optimizer the growth it predicts for the split as it is now, over the gaps
     * after and before this checkpoint.
     */
    private Checkpoint withSplitHessian(Checkpoint c, Parameters p, double[] given) {
        if (given != null) {
            hessian.use(given);
        } else {
            hessian.matrix(p, data.x, data.y);
        }
        double[] decayed = hessian.decomposeWithDecay(weightDecay, vectors);
        double[] mu = weightDecay == 0 ? decayed : hessian.decomposeWithDecay(0, null);
        double after = Double.NaN;
        double before = Double.NaN;
        if (predicts) {
            hessian.split(p, split);
            int at = java.util.Arrays.binarySearch(schedule, c.step());
            if (at >= 0 && at + 1 < schedule.length) {
                after = hessian.predictedRate(decayed, vectors, split, lr, schedule[at + 1] - c.step());
            }
            if (at > 0) {
                before = hessian.predictedRate(decayed, vectors, split, lr, c.step() - schedule[at - 1]);
            }
        }
        return new Checkpoint(c.step(), c.dIn(), c.dOut(), c.dist(), c.scale(), c.rel(), c.loss(), c.accuracy(), mu[0],
                mu[1], mu[2], decayed[0], after, before);
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
