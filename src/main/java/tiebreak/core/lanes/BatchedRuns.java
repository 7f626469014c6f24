package tiebreak.core.lanes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import tiebreak.core.spec.RunLimits;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.tie.RunResult;
import tiebreak.core.train.Trainer;

/**
 * Trains a stream of runs, lazily: runs that share a {@link LaneBatch.Key} are gathered into batches of
 * {@link LaneBatch#lanes()} for the {@link LaneTrainer}, the rest go to the scalar {@link Trainer} one by
 * one. At most {@link #WINDOW} runs wait for company at any time (the fullest group is trained, partly
 * filled, when the window is full), so memory does not grow with the stream. Each result is the same
 * whichever batch a run lands in; results come out in batch order, not input order. A batch whose arrays
 * do not fit in the heap trains its runs one at a time (the same bits); a run that alone does not fit is
 * recorded {@code failed}, and the trainer that held its buffers is dropped, so the partition goes on.
 */
public final class BatchedRuns implements Iterator<RunResult> {
    static final int WINDOW = 64;

    private final Iterator<RunSpec> specs;
    private Trainer scalar = new Trainer();
    private LaneTrainer lanes;
    private FloatLaneTrainer floatLanes;
    private final Map<LaneBatch.Key, List<RunSpec>> waiting = new LinkedHashMap<>();
    private final ArrayDeque<RunResult> ready = new ArrayDeque<>();
    private int waitingCount;
    private long trainingNanos;

    public BatchedRuns(Iterator<RunSpec> specs) {
        this.specs = specs;
        this.lanes = LaneBatch.available() ? new LaneTrainer() : null;
        this.floatLanes = LaneBatch.available() ? new FloatLaneTrainer() : null;
    }

    /** Time spent training so far (set-up, steps and measurements), for the sweep's account of its wall time. */
    public long trainingNanos() {
        return trainingNanos;
    }

    @Override
    public boolean hasNext() {
        while (ready.isEmpty() && (specs.hasNext() || waitingCount > 0)) {
            advance();
        }
        return !ready.isEmpty();
    }

    @Override
    public RunResult next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.poll();
    }

    private void advance() {
        if (!specs.hasNext()) {
            trainFullest();
            return;
        }
        RunSpec spec = specs.next();
        LaneBatch.Key key = LaneBatch.key(spec);
        if (key == null) {
            long start = System.nanoTime();
            ready.add(runAlone(spec));
            trainingNanos += System.nanoTime() - start;
            return;
        }
        List<RunSpec> group = waiting.computeIfAbsent(key, k -> new ArrayList<>(LaneBatch.lanes(k)));
        group.add(spec);
        waitingCount++;
        if (group.size() == LaneBatch.lanes(key)) {
            train(key);
        } else if (waitingCount >= WINDOW) {
            trainFullest();
        }
    }

    private void trainFullest() {
        LaneBatch.Key fullest = null;
        for (Map.Entry<LaneBatch.Key, List<RunSpec>> e : waiting.entrySet()) {
            if (fullest == null || e.getValue().size() > waiting.get(fullest).size()) {
                fullest = e.getKey();
            }
        }
        train(fullest);
    }

    private void train(LaneBatch.Key key) {
        List<RunSpec> group = waiting.remove(key);
        waitingCount -= group.size();
        long start = System.nanoTime();
        if (group.size() == 1 && !group.get(0).training().finiteDifference()) {
            // a lone run gains nothing from the lanes, but for central differences, whose lane losses
            // recompute only what each parameter reaches (the benchmark run, [8,16,1]: 2.3 s as a batch of one
            // against 6.7-7.3 s on the scalar Trainer, 2026-12-02)
            ready.add(runAlone(group.get(0)));
        } else {
            boolean float32 = key.training().float32();
            try {
                ready.addAll(float32 ? floatLanes.train(group) : lanes.train(group));
            } catch (OutOfMemoryError e) {
                // the trainer's buffers were sized for the batch that did not fit
                if (float32) {
                    floatLanes = new FloatLaneTrainer();
                } else {
                    lanes = new LaneTrainer();
                }
                group.forEach(spec -> ready.add(runAlone(spec)));
            }
        }
        trainingNanos += System.nanoTime() - start;
    }

    private RunResult runAlone(RunSpec spec) {
        long start = System.nanoTime();
        try {
            return scalar.run(spec);
        } catch (OutOfMemoryError e) {
            scalar = new Trainer();
            String size = RunLimits.describe(RunLimits.arrayDoubles(spec.task(), spec.widths()));
            return RunResult.failed(spec, (System.nanoTime() - start) / 1_000_000,
                    new OutOfMemoryError("the run's arrays (about " + size + ") did not fit in the task's heap"));
        }
    }
}
