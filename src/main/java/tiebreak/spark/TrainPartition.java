package tiebreak.spark;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import tiebreak.core.lanes.BatchedRuns;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.tie.RunResult;
import tiebreak.sweep.Sweep;

/**
 * Expands the run ranges of one partition into their specs, on the executor (the driver ships only the
 * ranges and, once, the sweep), and trains them through {@link BatchedRuns} (runs of one architecture in SIMD lanes,
 * the rest one by one; buffers reused), yielding results lazily so that a partition's memory does not grow
 * with its number of runs (beyond what the caller keeps). Counts finished runs and the nanoseconds spent
 * training, for the progress line and the sweep's account of where its wall time went.
 */
final class TrainPartition implements FlatMapFunction<Iterator<List<RunRange>>, RunResult> {
    private final Broadcast<Sweep> sweep;
    private final LongAccumulator runsDone;
    private final LongAccumulator trainingNanos;

    TrainPartition(Broadcast<Sweep> sweep, LongAccumulator runsDone, LongAccumulator trainingNanos) {
        this.sweep = sweep;
        this.runsDone = runsDone;
        this.trainingNanos = trainingNanos;
    }

    @Override
    public Iterator<RunResult> call(Iterator<List<RunRange>> ranges) {
        BatchedRuns runs = new BatchedRuns(specs(sweep.value(), ranges));
        return new Iterator<RunResult>() {
            private long counted;

            @Override
            public boolean hasNext() {
                return runs.hasNext();
            }

            @Override
            public RunResult next() {
                RunResult result = runs.next();
                runsDone.add(1);
                long nanos = runs.trainingNanos();
                trainingNanos.add(nanos - counted);
                counted = nanos;
                return result;
            }
        };
    }

    /** The specs of the ranges, in order, built as they are read. */
    static Iterator<RunSpec> specs(Sweep sweep, Iterator<List<RunRange>> pieces) {
        return new Iterator<>() {
            private Iterator<RunRange> ranges = java.util.Collections.emptyIterator();
            private Iterator<RunSpec> current = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext()) {
                    while (!ranges.hasNext()) {
                        if (!pieces.hasNext()) {
                            return false;
                        }
                        ranges = pieces.next().iterator();
                    }
                    RunRange r = ranges.next();
                    current = sweep.runs(r.from(), r.to());
                }
                return true;
            }

            @Override
            public RunSpec next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }
}
