package tiebreak.spark;

import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import tiebreak.core.RunSpec;
import tiebreak.core.Trainer;

/**
 * Trains the runs of one partition with one {@link Trainer} (buffers reused across its runs), yielding rows
 * lazily so that a partition's memory does not grow with its number of runs.
 */
final class TrainPartition implements MapPartitionsFunction<RunSpec, Row> {
    private final LongAccumulator runsDone;
    private final boolean withTrajectory;

    TrainPartition(LongAccumulator runsDone, boolean withTrajectory) {
        this.runsDone = runsDone;
        this.withTrajectory = withTrajectory;
    }

    @Override
    public Iterator<Row> call(Iterator<RunSpec> specs) {
        Trainer trainer = new Trainer();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return specs.hasNext();
            }

            @Override
            public Row next() {
                tiebreak.core.RunResult result = trainer.run(specs.next());
                Row row = withTrajectory ? RunsTable.toRowWithTrajectory(result) : RunsTable.toRow(result);
                runsDone.add(1);
                return row;
            }
        };
    }
}
