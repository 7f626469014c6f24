package tiebreak.spark;

import org.apache.spark.sql.SparkSession;

/** The one place a SparkSession is built. The master comes from the command line, never hard-coded. */
public final class Sessions {
    private Sessions() {
    }

    /** {@code master} null: spark-submit's ({@code spark.master}), else {@code local[*]}. */
    public static SparkSession create(String master, String appName) {
        if (master == null && System.getProperty("spark.master") == null) {
            master = "local[*]";
        }
        SparkSession.Builder builder = SparkSession.builder()
                .appName(appName)
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                // No spark-warehouse folder in the user's working directory: tiebreak keeps no catalog tables.
                .config("spark.sql.warehouse.dir", System.getProperty("java.io.tmpdir") + "/tiebreak-spark-warehouse")
                .config("spark.sql.shuffle.partitions", "8")
                // The runs schema is wide; without this Spark warns about truncating plan strings.
                .config("spark.sql.debug.maxToStringFields", "200")
                // Readable by DuckDB, pandas and other Parquet readers.
                .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
                // A run's result must not depend on a speculative duplicate.
                .config("spark.speculation", "false");
        if (master != null) {
            builder.master(master);
        }
        if (master != null && master.startsWith("local")) {
            // Loopback only on a laptop: never bind to the machine's outside interface.
            builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        }
        return builder.getOrCreate();
    }
}
