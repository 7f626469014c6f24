package tiebreak.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.util.SizeEstimator;
import org.junit.jupiter.api.Test;
import tiebreak.core.net.Activation;
import tiebreak.core.net.InitScheme;
import tiebreak.core.spec.Keys;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.TaskSpec;
import tiebreak.core.spec.TieMode;
import tiebreak.core.tie.RunResult;
import tiebreak.core.train.Trainer;

/** The size a cached result states, against Spark's own measure of it; and its rows, the same as computed afresh. */
class CachedResultTest {

    @Test
    void statedSizeIsWithinAFactorOfTwoOfSparksMeasure() {
        for (int checkpoints : new int[] {2, 32, 200}) {
            RunSpec spec = new RunSpec("size", TaskSpec.teacher(8, 4, 64, 0), 0, 7, List.of(8, 16, 1), Activation.TANH,
                    InitScheme.LECUN_NORMAL, 1, List.of(0, 1), TieMode.IN_OUT, 1e-6, 400, 0.05, 1e-3, checkpoints);
            RunResult result = new Trainer().run(spec);
            assertTrue(result.checkpoints().size() >= 2, "checkpoints recorded");
            CachedResult cached = new CachedResult(result);
            long measured = SizeEstimator.estimate(result);
            double ratio = (double) cached.estimatedSize() / measured;
            assertTrue(ratio > 0.5 && ratio < 2, checkpoints + " checkpoints: stated " + cached.estimatedSize()
                    + " bytes, measured " + measured);
            // SizeEstimator takes the stated figure rather than walking the result
            assertEquals(cached.estimatedSize(), SizeEstimator.estimate(cached));

            assertEquals(spec.runId(), cached.runId);
            Row row = RunsTable.toRow(cached.result, cached.runId);
            assertEquals(Keys.RUN_ID, RunsTable.SCHEMA.fieldNames()[0]);
            assertEquals(spec.runId(), row.getString(0));
            assertEquals(spec.initSeed(), row.getLong(java.util.Arrays.asList(RunsTable.SCHEMA.fieldNames()).indexOf(Keys.INIT_SEED)));
            assertEquals(RunsTable.toRow(result), row);
            List<Row> fresh = new java.util.ArrayList<>();
            RunsTable.trajectoryRows(result).forEachRemaining(fresh::add);
            List<Row> reused = new java.util.ArrayList<>();
            RunsTable.trajectoryRows(cached.result, cached.runId).forEachRemaining(reused::add);
            assertEquals(fresh, reused);
            assertEquals(result.checkpoints().size(), reused.size());
            assertTrue(reused.stream().allMatch(r -> r.getString(0).equals(spec.runId())));
        }
    }
}
