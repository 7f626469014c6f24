package tiebreak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tiebreak.spark.SharedSpark;

/** Parquet for everyone: DuckDB reads every table (runs, summary, trajectories) and agrees with Spark. */
class DuckDbReadTest {
    @TempDir
    Path dir;

    @Test
    void duckDb_readsRunsAndSummary_likeSpark() throws Exception {
        Path config = dir.resolve("tiny.yaml");
        Files.writeString(config, SweepCommandTest.SWEEP);
        Path out = dir.resolve("result");
        assertEquals(0, SweepCommandTest.run("sweep", config.toString(), "--out", out.toString(),
                "--master", SharedSpark.MASTER).exit());
        SparkSession spark = SharedSpark.session();
        long sparkRuns = spark.read().parquet(out.resolve("runs").toString()).count();
        Row sparkRow = spark.read().parquet(out.resolve("summary").toString())
                .where("activation = 'relu' AND tie_mode = 'in+out' AND epsilon = 0").first();

        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = db.createStatement()) {
            String runs = "'" + out.resolve("runs") + "/*.parquet'";
            String summary = "'" + out.resolve("summary") + "/*.parquet'";
            assertEquals(sparkRuns, single(sql, "SELECT count(*) FROM " + runs));
            assertEquals(sparkRuns, single(sql, "SELECT count(DISTINCT run_id) FROM " + runs));
            assertEquals(6L, single(sql, "SELECT max(widths[2]) FROM " + runs), "array<int> arrives as a list");
            assertEquals(12L, single(sql, "SELECT count(*) FROM " + summary));
            try (ResultSet r = sql.executeQuery("SELECT frac_tied, n, tied_ci_low FROM " + summary
                    + " WHERE activation = 'relu' AND tie_mode = 'in+out' AND epsilon = 0")) {
                r.next();
                assertEquals(sparkRow.<Double>getAs("frac_tied"), r.getDouble(1), 0.0);
                assertEquals(sparkRow.<Long>getAs("n"), r.getLong(2));
                assertEquals(sparkRow.<Double>getAs("tied_ci_low"), r.getDouble(3), 0.0);
            }
            String trajectories = "'" + out.resolve("trajectories") + "/*.parquet'";
            long sparkPoints = spark.read().parquet(out.resolve("trajectories").toString()).count();
            assertEquals(sparkPoints, single(sql, "SELECT count(*) FROM " + trajectories));
            assertEquals(sparkRuns, single(sql, "SELECT count(*) FROM " + runs + " r JOIN " + trajectories
                    + " t USING (run_id) WHERE t.step = 0 AND t.dist = r.dist_start"));
            for (String column : List.of("diverge_step", "growth_rate", "error")) {
                long sparkCount = spark.read().parquet(out.resolve("runs").toString()).where(column + " IS NOT NULL").count();
                assertEquals(sparkCount, single(sql, "SELECT count(" + column + ") FROM " + runs), column + ": same nulls");
            }
        }
    }

    private static long single(Statement sql, String query) throws Exception {
        try (ResultSet r = sql.executeQuery(query)) {
            r.next();
            return r.getLong(1);
        }
    }
}
