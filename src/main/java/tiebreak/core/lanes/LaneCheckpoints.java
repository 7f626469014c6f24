package tiebreak.core.lanes;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import tiebreak.core.net.Parameters;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.tie.Checkpoint;
import tiebreak.core.tie.Duplication;
import tiebreak.core.tie.Measurements;
import tiebreak.core.task.TaskData;
import tiebreak.core.tie.RunResult;
import tiebreak.core.tie.SplitHessian;
import tiebreak.core.tie.TieProbe;
import tiebreak.core.train.CheckpointSchedule;
import tiebreak.core.train.FaultInjection;

/**
 * One batch's lanes from start to results, for both lane trainers: which lane trains which run
 * ({@link #assign}), each usable lane's probe and the checkpoints it has taken, and whether it still trains (a
 * lane whose checkpoint is not finite stops there, as the scalar loop does); then every run's result, in the
 * order of the specs.
 */
final class LaneCheckpoints {
    /** Lane i's parameters into {@code into}. */
    interface Unpacker {
        void unpack(int i, Parameters into);
    }

    /** Sets lane i up for a run: its parameters tied and packed, its learning rate; throws if the run cannot start. */
    interface Packer {
        void pack(int i, RunSpec spec);
    }

    /** Makes lane {@code to} a copy of lane {@code from}. */
    interface Copier {
        void copy(int from, int to);
    }

    /**
     * Run i into lane i, for every run whose set-up does not throw (one that does is {@code failed[i]}, timed
     * from {@code start}); then every lane left idle trains a copy of a usable run, whose results are dropped.
     * Returns each lane's spec, or null when no run could start.
     */
    static RunSpec[] assign(List<RunSpec> specs, int lanes, long start, RunResult[] failed, Packer packer,
            Copier copier) {
        RunSpec[] lane = new RunSpec[lanes];
        int usable = -1;
        for (int i = 0; i < specs.size(); i++) {
            try {
                FaultInjection.check(specs.get(i));
                packer.pack(i, specs.get(i));
                lane[i] = specs.get(i);
                usable = i;
            } catch (RuntimeException | StackOverflowError e) {
                failed[i] = RunResult.failed(specs.get(i), (System.nanoTime() - start) / 1_000_000, e);
            }
        }
        if (usable < 0) {
            return null;
        }
        for (int i = 0; i < lanes; i++) {
            if (lane[i] == null) {
                copier.copy(usable, i);
                lane[i] = specs.get(usable);
            }
        }
        return lane;
    }

    /** The steps to checkpoint, log-spaced as the scalar Trainer's. */
    final int[] schedule;
    private final TieProbe[] probes;
    private final List<List<Checkpoint>> taken;
    private final boolean[] live;
    private double[][] splitHessians;

    /**
     * For the first {@code reported} lanes; a lane whose spec already failed ({@code failed[i]}) is left out.
     * {@code data} is the batch's training set, on which lanes that ask for it measure the split-direction
     * Hessian (the same code as the scalar Trainer's, on each lane's unpacked parameters, so the same bits).
     */
    LaneCheckpoints(RunSpec model, RunSpec[] lane, int reported, RunResult[] failed, TaskData data) {
        schedule = CheckpointSchedule.logSpaced(model.steps(), model.checkpoints());
        probes = new TieProbe[reported];
        taken = new ArrayList<>(reported);
        live = new boolean[reported];
        for (int i = 0; i < reported; i++) {
            taken.add(new ArrayList<>(schedule.length));
            if (failed[i] == null) {
                probes[i] = new TieProbe(lane[i], SplitHessian.forRun(lane[i]), data, schedule);
                live[i] = true;
            }
        }
    }

    /**
     * Checkpoints every live lane at {@code step} on its loss (and its accuracy, or NaN where
     * {@code accuracy} is null); returns whether any lane still trains.
     */
    /**
     * Every lane's split-direction Hessian for the next {@link #record}, computed for the batch at once
     * ({@link LaneSplitHessian}), or null: each probe then computes its lane's from the unpacked parameters.
     */
    void splitHessians(double[][] matrices) {
        splitHessians = matrices;
    }

    boolean record(int step, Unpacker lanes, Parameters scratch, double[] loss, double[] accuracy) {
        boolean anyLive = false;
        for (int i = 0; i < probes.length; i++) {
            if (!live[i]) {
                continue;
            }
            lanes.unpack(i, scratch);
            Checkpoint c = probes[i].measure(step, scratch, loss[i], accuracy == null ? Double.NaN : accuracy[i],
                    splitHessians == null ? null : splitHessians[i]);
            taken.get(i).add(c);
            live[i] = c.finite();
            anyLive |= live[i];
        }
        return anyLive;
    }

    /**
     * Every run's result: its failure, or its checkpoints summarised (finite where its last checkpoint and its
     * parameters are), with what its duplicated start measured ({@code duplications[i]}, null for others).
     */
    List<RunResult> results(List<RunSpec> specs, RunResult[] failed, Duplication[] duplications,
            IntPredicate finiteParameters, long wallMs) {
        List<RunResult> results = new ArrayList<>(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            if (failed[i] != null) {
                results.add(failed[i]);
                continue;
            }
            List<Checkpoint> c = taken.get(i);
            boolean finite = c.get(c.size() - 1).finite() && finiteParameters.test(i);
            results.add(Measurements.summarise(specs.get(i), c, finite, wallMs, duplications[i]));
        }
        return results;
    }
}
