package tiebreak.spark;

import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.util.LongAccumulator;
import tiebreak.core.lanes.BatchedRuns;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.tie.RunResult;

/**
 * Trains the runs of one partition through {@link BatchedRuns} (runs of one architecture in SIMD lanes,
 * the rest one by one; buffers reused), yielding results lazily so that a partition's memory does not grow
 * with its number of runs (beyond what the caller keeps). Counts finished runs and the nanoseconds spent
 * training, for the progress line and the sweep's account of where its wall time went.
 */
final class TrainPartition implements FlatMapFunction<Iterator<RunSpec>, RunResult> {
    private final LongAccumulator runsDone;
    private final LongAccumulator trainingNanos;

    TrainPartition(LongAccumulator runsDone, LongAccumulator trainingNanos) {
        this.runsDone = runsDone;
        this.trainingNanos = trainingNanos;
    }

    @Override
    public Iterator<RunResult> call(Iterator<RunSpec> specs) {
        BatchedRuns runs = new BatchedRuns(specs);
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
}
