package tiebreak.spark;

import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import tiebreak.core.RunResult;
import tiebreak.core.RunSpec;
import tiebreak.core.lanes.BatchedRuns;

/**
 * Trains the runs of one partition through {@link BatchedRuns} (runs of one architecture in SIMD lanes,
 * the rest one by one; buffers reused), yielding rows lazily so that a partition's memory does not grow
 * with its number of runs. Counts finished runs and the nanoseconds spent training, for the progress
 * line and the sweep's account of where its wall time went.
 */
final class TrainPartition implements MapPartitionsFunction<RunSpec, Row> {
    private final LongAccumulator runsDone;
    private final LongAccumulator trainingNanos;
    private final boolean withTrajectory;

    TrainPartition(LongAccumulator runsDone, LongAccumulator trainingNanos, boolean withTrajectory) {
        this.runsDone = runsDone;
        this.trainingNanos = trainingNanos;
        this.withTrajectory = withTrajectory;
    }

    @Override
    public Iterator<Row> call(Iterator<RunSpec> specs) {
        BatchedRuns runs = new BatchedRuns(specs);
        return new Iterator<>() {
            private long counted;

            @Override
            public boolean hasNext() {
                return runs.hasNext();
            }

            @Override
            public Row next() {
                RunResult result = runs.next();
                Row row = withTrajectory ? RunsTable.toRowWithTrajectory(result) : RunsTable.toRow(result);
                runsDone.add(1);
                long nanos = runs.trainingNanos();
                trainingNanos.add(nanos - counted);
                counted = nanos;
                return row;
            }
        };
    }
}
