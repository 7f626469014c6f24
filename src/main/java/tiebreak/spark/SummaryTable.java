package tiebreak.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code summary} table: per condition, outcome fractions with 95% Wilson intervals, medians and mean
 * loss, computed by the Spark SQL in {@code tiebreak/summary.sql} over the {@code runs} view.
 */
public final class SummaryTable {
    private SummaryTable() {
    }

    /** Reads {@code <out>/runs}, writes {@code <out>/summary} and returns it. */
    public static Dataset<Row> write(SparkSession spark, String out) {
        spark.read().parquet(out + "/runs").createOrReplaceTempView("runs");
        Dataset<Row> summary = compute(spark);
        summary.coalesce(1).write().mode(SaveMode.Overwrite).parquet(out + "/summary");
        return spark.read().parquet(out + "/summary");
    }

    /** The summary of whatever the {@code runs} view holds. */
    public static Dataset<Row> compute(SparkSession spark) {
        return spark.sql(sql());
    }

    static String sql() {
        try (InputStream in = SummaryTable.class.getResourceAsStream("/tiebreak/summary.sql")) {
            if (in == null) {
                throw new IllegalStateException("tiebreak/summary.sql is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
