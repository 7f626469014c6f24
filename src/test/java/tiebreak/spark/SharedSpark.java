package tiebreak.spark;

import org.apache.spark.sql.SparkSession;

/** One local Spark session for every test in the JVM: starting one costs seconds. Spark stops it at exit. */
public final class SharedSpark {
    public static final String MASTER = "local[2]";

    private SharedSpark() {
    }

    public static synchronized SparkSession session() {
        return Sessions.create(MASTER, "tiebreak tests");
    }
}
