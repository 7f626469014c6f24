package tiebreak.spark;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import tiebreak.core.spec.Keys;
import tiebreak.core.spec.RunSpec;
import tiebreak.sweep.Sweep;

/**
 * The runs of a resumed sweep that its folder does not hold yet, as index ranges: the executors expand the
 * sweep's own index ranges into (index, run id), an anti-join against the committed run ids keeps the
 * missing ones, and each range-partitioned, sorted partition sends back its stretches of consecutive
 * indices. The driver holds one range per stretch (a killed sweep leaves a few: the chunks in flight and
 * the rest), never a set of ids.
 */
public final class MissingRuns {
    /** Runs a task when the ids are expanded: a task costs a few ms, a run's id a few µs. */
    static final long RUNS_PER_TASK = 250_000;
    private static final String INDEX = "run_index";

    private MissingRuns() {
    }

    /** The runs missing from {@code runs}, the folder of the runs table, where {@code anyCommitted}. */
    public static List<RunRange> find(SparkSession spark, Sweep sweep, String runs, boolean anyCommitted) {
        long total = sweep.runCount();
        if (!anyCommitted) {
            return List.of(new RunRange(0, total));
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int tasks = (int) Math.max(2L * jsc.defaultParallelism(), Math.min(100_000, (total + RUNS_PER_TASK - 1) / RUNS_PER_TASK));
        List<RunRange> pieces = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            pieces.add(new RunRange(total * t / tasks, total * (t + 1) / tasks));
        }
        Broadcast<Sweep> shipped = jsc.broadcast(sweep);
        try {
            JavaRDD<Row> ids = jsc.parallelize(pieces, tasks).flatMap(r -> ids(shipped.value(), r));
            StructType schema = new StructType().add(INDEX, DataTypes.LongType, false).add(Keys.RUN_ID, DataTypes.StringType, false);
            Dataset<Row> expected = spark.createDataFrame(ids, schema);
            Dataset<Row> committed = spark.read().schema(RunsTable.SCHEMA).parquet(runs).select(Keys.RUN_ID);
            List<RunRange> stretches = expected.join(committed, expected.col(Keys.RUN_ID).equalTo(committed.col(Keys.RUN_ID)), "left_anti")
                    .select(INDEX).repartitionByRange(tasks, col(INDEX)).sortWithinPartitions(INDEX)
                    .javaRDD().mapPartitions(MissingRuns::stretches).collect();
            return RunRange.merged(stretches);
        } finally {
            shipped.destroy();
        }
    }

    private static Iterator<Row> ids(Sweep sweep, RunRange range) {
        Iterator<RunSpec> specs = sweep.runs(range.from(), range.to());
        return new Iterator<>() {
            private long index = range.from();

            @Override
            public boolean hasNext() {
                return specs.hasNext();
            }

            @Override
            public Row next() {
                return RowFactory.create(index++, specs.next().runId());
            }
        };
    }

    /** The stretches of consecutive indices in a sorted partition. */
    static Iterator<RunRange> stretches(Iterator<Row> sorted) {
        List<RunRange> out = new ArrayList<>();
        long from = -1;
        long to = -1;
        while (sorted.hasNext()) {
            long i = sorted.next().getLong(0);
            if (i != to) {
                if (to > from) {
                    out.add(new RunRange(from, to));
                }
                from = i;
            }
            to = i + 1;
        }
        if (to > from) {
            out.add(new RunRange(from, to));
        }
        return out.iterator();
    }
}
