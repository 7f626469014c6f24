package tiebreak.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tiebreak.core.spec.RunSpec;
import tiebreak.sweep.SweepFile;

/** A run's result does not depend on how the sweep is partitioned. */
class PartitioningDeterminismTest {
    static final String SWEEP = """
            name: partitioning
            task: {name: teacher, d: 5, m: 3, n: 48}
            seeds: 3
            steps: 120
            grid:
              widths: [[5, 4, 1], [5, 9, 1]]
              activation: [tanh, relu]
              tie_mode: [none, in, out, in+out]
              epsilon: [0, 1e-6]
            """;

    /** Every stochastic perturbation, each drawing from its run's own streams. */
    static final String STOCHASTIC = """
            name: stochastic
            task: {name: teacher, d: 5, m: 3, n: 48}
            seeds: 3
            steps: 80
            widths: [5, 6, 1]
            grid:
              tie_mode: [in, in+out]
            variants:
              - {dropout: 0.2}
              - {batch_size: 8}
              - {grad_noise: 1e-3}
              - {lr_jitter: 0.2}
              - {label_noise: 0.1}
              - {input_noise: 0.1}
              - {optimizer: adam, update_order: sequential, precision: float32}
            """;

    @TempDir
    Path dir;

    @Test
    void oneThreeAndSevenPartitions_giveIdenticalTables() throws Exception {
        assertIdenticalAcrossPartitionings(SWEEP);
    }

    @Test
    void stochasticPerturbations_giveIdenticalTables() throws Exception {
        assertIdenticalAcrossPartitionings(STOCHASTIC);
    }

    private void assertIdenticalAcrossPartitionings(String sweep) throws Exception {
        Path file = dir.resolve("sweep.yaml");
        Files.writeString(file, sweep);
        tiebreak.sweep.Sweep parsed = SweepFile.read(file);
        List<RunSpec> runs = parsed.runs();
        SparkSession spark = SharedSpark.session();
        List<Row> reference = null;
        // partitions and chunks both vary: 40 runs a chunk, chunks by estimated work, 17 runs a chunk
        for (int[] cut : new int[][] {{1, 40}, {3, 0}, {7, 17}}) {
            int partitions = cut[0];
            String out = dir.resolve(file.getFileName() + "-" + sweep.hashCode() + "-p" + partitions).toString();
            ResultFolder folder = ResultFolder.at(out, spark.sparkContext().hadoopConfiguration());
            long written = SweepJob.run(spark, new SweepJob.Request(parsed, List.of(new RunRange(0, runs.size())), folder, true, partitions, cut[1]),
                    System.err, false).trained();
            assertEquals(runs.size(), written);
            List<Row> table = spark.read().parquet(out + "/runs").drop("wall_ms").orderBy("run_id").collectAsList();
            assertEquals(runs.size(), table.stream().map(r -> r.<String>getAs("run_id")).distinct().count(),
                    "each run exactly once");
            List<Row> trajectory = spark.read().parquet(out + "/trajectories").orderBy("run_id", "step").collectAsList();
            table = new java.util.ArrayList<>(table);
            table.addAll(trajectory);
            // the summary's means and fits too, bit for bit, though the files (and so the rows) come in another order
            SummaryTable.Summary summary = SummaryTable.collect(spark, spark.read().parquet(out + "/runs"), true);
            SummaryTable.write(spark, out, summary);
            assertEquals(summary.rows(), spark.read().parquet(out + "/summary").collectAsList(), "written as collected");
            table.addAll(summary.rows());
            if (reference == null) {
                reference = table;
            } else {
                assertEquals(reference, table, partitions + " partitions, chunks of " + cut[1]);
            }
        }
    }
}
