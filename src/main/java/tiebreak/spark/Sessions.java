package tiebreak.spark;

import org.apache.spark.sql.SparkSession;

/** The one place a SparkSession is built. The master comes from the command line, never hard-coded. */
public final class Sessions {
    /**
     * A Spark properties file (key value lines, as spark-submit's --properties-file) for the session: how a
     * driver gets a cluster's secret without it showing on a command line (jobs/ set it for jobs/local-cluster).
     */
    public static final String PROPERTIES = "tiebreak.sparkConf";

    private Sessions() {
    }

    private static java.util.Map<String, String> properties() {
        String file = System.getProperty(PROPERTIES);
        java.util.Map<String, String> settings = new java.util.TreeMap<>();
        if (file == null || file.isBlank()) {
            return settings;
        }
        java.util.Properties properties = new java.util.Properties();
        try (java.io.Reader in = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of(file))) {
            properties.load(in);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("-D" + PROPERTIES + ": cannot read " + file + " (" + e.getMessage() + ")", e);
        }
        properties.stringPropertyNames().stream().filter(k -> k.startsWith("spark."))
                .forEach(k -> settings.put(k, properties.getProperty(k).strip()));
        return settings;
    }

    private static void defaultUnlessSet(SparkSession.Builder builder, String key, String value) {
        if (System.getProperty(key) == null) {
            builder.config(key, value);
        }
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
        // Expressions interpreted, not compiled: tiebreak's queries are many small plans over tables small by
        // Spark's standards, and compiling each plan's code (Janino, on 2 cores beside the training) cost more
        // than it saved: the 4-run sweep 6.3-6.7 s against 7.7-8.0, 10,000 runs 38.8-39.5 s against 41.4-43.7,
        // 200,000 one-step runs 25.3 s against 26.5 (docs/performance.md). A -D value, or one in the
        // tiebreak.sparkConf properties file, wins.
        defaultUnlessSet(builder, "spark.sql.codegen.wholeStage", "false");
        defaultUnlessSet(builder, "spark.sql.codegen.factoryMode", "NO_CODEGEN");
        // interpreted, subexpression elimination clears a Guava cache for every row it converts (a tenth of the
        // runs table's write): 50,000 one-step runs 13.1-13.5 s against 14.0-14.6
        defaultUnlessSet(builder, "spark.sql.subexpressionElimination.enabled", "false");
        properties().forEach(builder::config);
        // A cluster-mode driver on an authenticating standalone cluster: the worker hands it the secret in
        // _SPARK_AUTH_SECRET (it keeps it off the command line) but SparkContext wants it in the conf.
        String handed = System.getenv("_SPARK_AUTH_SECRET");
        if (handed != null && System.getProperty("spark.authenticate.secret") == null) {
            builder.config("spark.authenticate.secret", handed);
        }
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
