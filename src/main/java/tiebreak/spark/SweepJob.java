package tiebreak.spark;

import java.io.PrintStream;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import tiebreak.core.RunSpec;

/**
 * Runs a sweep on Spark: the driver's run specs are spread over partitions, executors train them in
 * {@code mapPartitions}, and the rows are written as the Parquet table {@code <out>/runs}.
 */
public final class SweepJob {
    private SweepJob() {
    }

    /** Default partition count: a few tasks per core, at most 32 per core, about 100 runs per task in between. */
    public static int defaultPartitions(long runs, int cores) {
        long wanted = Math.max(4L * cores, Math.min(32L * cores, (runs + 99) / 100));
        return (int) Math.max(1, Math.min(runs, wanted));
    }

    /** Trains every run and writes {@code <out>/runs}; returns the number of rows written. */
    public static long run(SparkSession spark, List<RunSpec> specs, String out, int partitions, PrintStream progress,
            boolean terminal) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        LongAccumulator runsDone = jsc.sc().longAccumulator("runs done");
        ProgressLine line = new ProgressLine(runsDone, specs.size(), progress, terminal);
        spark.sparkContext().addSparkListener(line);
        try {
            Dataset<RunSpec> ds = spark.createDataset(jsc.parallelize(specs, partitions).rdd(),
                    Encoders.javaSerialization(RunSpec.class));
            Dataset<Row> rows = ds.mapPartitions(new TrainPartition(runsDone), Encoders.row(RunsTable.SCHEMA));
            rows.write().mode(SaveMode.Overwrite).parquet(out + "/runs");
        } finally {
            line.finish();
            spark.sparkContext().removeSparkListener(line);
        }
        return spark.read().parquet(out + "/runs").count();
    }
}
