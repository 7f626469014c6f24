package tiebreak.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.DoubleStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkSqlParser;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import tiebreak.core.spec.Keys;

/**
 * The {@code summary} table: per condition, outcome fractions with 95% Wilson intervals, medians and mean
 * loss, computed by the Spark SQL in {@code tiebreak/summary.sql} over the {@code runs} view, bit for bit the
 * same however the runs were partitioned.
 */
public final class SummaryTable {
    private SummaryTable() {
    }

    /** How many rows a runs table holds, and how many distinct run ids. */
    public record Counts(long rows, long distinct) {
    }

    /** The runs columns the summary reads: the run id, the condition and the measures it summarises. */
    public static Dataset<Row> summarised(Dataset<Row> runs) {
        List<Column> columns = new ArrayList<>();
        columns.add(functions.col(Keys.RUN_ID));
        RunsTable.CONDITION_COLUMNS.forEach(c -> columns.add(functions.col(c)));
        RunsTable.SUMMARISED_MEASURES.forEach(m -> columns.add(functions.col(m)));
        // a folder begun before a column existed reads null there in its older files: the value they had
        return RunsTable.withAddedLater(runs).select(columns.toArray(Column[]::new));
    }

    /**
     * Whether the summary's epsilon fit can be non-null for runs with these epsilons: only with two values
     * above 0 (the SQL's {@code HAVING count(DISTINCT epsilon) >= 2}, over epsilon > 0).
     */
    public static boolean fitsEpsilon(DoubleStream epsilons) {
        return epsilons.filter(e -> e > 0).distinct().limit(2).count() == 2;
    }

    /**
     * Rows and distinct run ids of a runs table: put {@link #inRunIdOrder}, where a repeated id sits next to
     * its twin, so one pass counts both, with no hash set of every id (and no second stage) as
     * {@code count(DISTINCT run_id)} would take. A null id is not counted as a run (the check then fails).
     */
    public static Counts count(Dataset<Row> runs) {
        long[] counts = inRunIdOrder(runs.select(Keys.RUN_ID)).javaRDD().mapPartitions(SummaryTable::countSorted)
                .reduce((a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
        return new Counts(counts[0], counts[1]);
    }

    private static Iterator<long[]> countSorted(Iterator<Row> ids) {
        long rows = 0;
        long distinct = 0;
        String previous = null;
        while (ids.hasNext()) {
            String id = ids.next().getString(0);
            rows++;
            if (id != null && !id.equals(previous)) {
                distinct++;
            }
            previous = id;
        }
        return List.of(new long[] {rows, distinct}).iterator();
    }

    /** The summary's rows, collected, and their schema. */
    public record Summary(StructType schema, List<Row> rows) {
    }

    /**
     * The summary of the given runs (put {@link #inRunIdOrder} here), computed once and collected.
     * {@code epsilonFit} false when the runs hold fewer than two epsilon values above 0: every fit is then
     * null, and the query skips its second aggregation and the join.
     */
    public static Summary collect(SparkSession spark, Dataset<Row> runs, boolean epsilonFit) {
        inRunIdOrder(runs).createOrReplaceTempView("runs");
        Dataset<Row> summary = spark.sql(sql(epsilonFit));
        return new Summary(summary.schema(), summary.collectAsList());
    }

    /** Writes {@code <out>/summary} from the collected rows, one file. */
    public static void write(SparkSession spark, String out, Summary summary) {
        spark.createDataFrame(summary.rows(), summary.schema()).coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(out + "/summary");
    }

    /**
     * The runs in one partition in run_id order: the means and the ε fit are sums of doubles, whose last bits
     * follow the order they are added in; so the summary does not depend on how the runs' files were cut and
     * listed. One partition, sorted where it is (no range shuffle, no sampling job); on runs already so
     * ordered, Spark drops the second sort.
     */
    public static Dataset<Row> inRunIdOrder(Dataset<Row> runs) {
        return runs.coalesce(1).sortWithinPartitions(Keys.RUN_ID);
    }

    /**
     * Parses the summary's SQL once on a daemon thread and drops the plan, so that the SQL parser's first use
     * in this JVM (ANTLR deserialising Spark's grammar, then a parse by cold code) is over before the sweep's
     * runs are committed, while the Spark session starts: about 0.2 s off a small sweep's summary
     * (docs/performance.md). Needs no session. A failure here is the real parse's to report, so it is dropped.
     */
    public static void warmParser() {
        Thread warm = new Thread(() -> {
            try {
                new SparkSqlParser().parsePlan(sql(false));
            } catch (RuntimeException e) {
                // the summary parses the same text again and reports what is wrong with it
            }
        }, "tiebreak summary parse");
        warm.setDaemon(true);
        warm.start();
    }

    /** The summary of whatever the {@code runs} view holds. */
    public static Dataset<Row> compute(SparkSession spark) {
        return spark.sql(sql(true));
    }

    /**
     * The summary's SQL, its lists of condition columns filled in from {@link RunsTable#CONDITION_COLUMNS};
     * without the epsilon fit its source is empty ({@code WHERE FALSE}), which Spark's optimizer folds away
     * with the join: the same schema, fit columns null.
     */
    static String sql(boolean epsilonFit) {
        try (InputStream in = SummaryTable.class.getResourceAsStream("/tiebreak/summary.sql")) {
            if (in == null) {
                throw new IllegalStateException("tiebreak/summary.sql is missing from the jar");
            }
            List<String> butEpsilon = RunsTable.CONDITION_COLUMNS.stream().filter(c -> !c.equals(Keys.EPSILON)).toList();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${epsilon_fit}", epsilonFit ? "TRUE" : "FALSE")
                    .replace("${conditions_but_epsilon}", String.join(", ", butEpsilon))
                    .replace("${conditions}", String.join(", ", RunsTable.CONDITION_COLUMNS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
