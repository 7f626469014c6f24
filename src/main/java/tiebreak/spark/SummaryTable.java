package tiebreak.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import tiebreak.core.spec.Keys;

/**
 * The {@code summary} table: per condition, outcome fractions with 95% Wilson intervals, medians and mean
 * loss, computed by the Spark SQL in {@code tiebreak/summary.sql} over the {@code runs} view, bit for bit the
 * same however the runs were partitioned.
 */
public final class SummaryTable {
    private SummaryTable() {
    }

    /**
     * Writes {@code <out>/summary} from the given runs (normally cached by the caller, who has just checked
     * them, in {@link #inRunIdOrder}) and returns its rows: computed once, collected, and written from the
     * collected rows.
     */
    public static List<Row> write(SparkSession spark, String out, Dataset<Row> runs) {
        inRunIdOrder(runs).createOrReplaceTempView("runs");
        Dataset<Row> summary = compute(spark);
        List<Row> rows = summary.collectAsList();
        spark.createDataFrame(rows, summary.schema()).coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(out + "/summary");
        return rows;
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

    /** The summary of whatever the {@code runs} view holds. */
    public static Dataset<Row> compute(SparkSession spark) {
        return spark.sql(sql());
    }

    /** The summary's SQL, its lists of condition columns filled in from {@link RunsTable#CONDITION_COLUMNS}. */
    static String sql() {
        try (InputStream in = SummaryTable.class.getResourceAsStream("/tiebreak/summary.sql")) {
            if (in == null) {
                throw new IllegalStateException("tiebreak/summary.sql is missing from the jar");
            }
            List<String> butEpsilon = RunsTable.CONDITION_COLUMNS.stream().filter(c -> !c.equals(Keys.EPSILON)).toList();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${conditions_but_epsilon}", String.join(", ", butEpsilon))
                    .replace("${conditions}", String.join(", ", RunsTable.CONDITION_COLUMNS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
