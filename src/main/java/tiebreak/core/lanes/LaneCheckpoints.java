package tiebreak.core.lanes;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import tiebreak.core.net.Parameters;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.tie.Checkpoint;
import tiebreak.core.tie.Measurements;
import tiebreak.core.tie.RunResult;
import tiebreak.core.tie.TieProbe;
import tiebreak.core.train.CheckpointSchedule;

/**
 * The checkpoints of one batch's reported lanes, for both lane trainers: each usable lane's probe and the
 * checkpoints it has taken, and whether it still trains (a lane whose checkpoint is not finite stops there, as
 * the scalar loop does); then every run's result, in the order of the specs.
 */
final class LaneCheckpoints {
    /** Lane i's parameters into {@code into}. */
    interface Unpacker {
        void unpack(int i, Parameters into);
    }

    /** The steps to checkpoint, log-spaced as the scalar Trainer's. */
    final int[] schedule;
    private final TieProbe[] probes;
    private final List<List<Checkpoint>> taken;
    private final boolean[] live;

    /** For the first {@code reported} lanes; a lane whose spec already failed ({@code failed[i]}) is left out. */
    LaneCheckpoints(RunSpec model, RunSpec[] lane, int reported, RunResult[] failed) {
        schedule = CheckpointSchedule.logSpaced(model.steps(), model.checkpoints());
        probes = new TieProbe[reported];
        taken = new ArrayList<>(reported);
        live = new boolean[reported];
        for (int i = 0; i < reported; i++) {
            taken.add(new ArrayList<>(schedule.length));
            if (failed[i] == null) {
                probes[i] = new TieProbe(lane[i]);
                live[i] = true;
            }
        }
    }

    /**
     * Checkpoints every live lane at {@code step} on its loss (and its accuracy, or NaN where
     * {@code accuracy} is null); returns whether any lane still trains.
     */
    boolean record(int step, Unpacker lanes, Parameters scratch, double[] loss, double[] accuracy) {
        boolean anyLive = false;
        for (int i = 0; i < probes.length; i++) {
            if (!live[i]) {
                continue;
            }
            lanes.unpack(i, scratch);
            Checkpoint c = probes[i].measure(step, scratch, loss[i], accuracy == null ? Double.NaN : accuracy[i]);
            taken.get(i).add(c);
            live[i] = c.finite();
            anyLive |= live[i];
        }
        return anyLive;
    }

    /** Every run's result: its failure, or its checkpoints summarised (finite where its last checkpoint and parameters are). */
    List<RunResult> results(List<RunSpec> specs, RunResult[] failed, IntPredicate finiteParameters, long wallMs) {
        List<RunResult> results = new ArrayList<>(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            if (failed[i] != null) {
                results.add(failed[i]);
                continue;
            }
            List<Checkpoint> c = taken.get(i);
            boolean finite = c.get(c.size() - 1).finite() && finiteParameters.test(i);
            results.add(Measurements.summarise(specs.get(i), c, finite, wallMs));
        }
        return results;
    }
}
