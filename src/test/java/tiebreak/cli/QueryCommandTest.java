package tiebreak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tiebreak.spark.SharedSpark;

/** query: read-only SQL over a result folder. */
class QueryCommandTest {
    @TempDir
    static Path dir;
    static Path out;

    @BeforeAll
    static void sweep() throws Exception {
        Path config = dir.resolve("tiny.yaml");
        Files.writeString(config, SweepCommandTest.SWEEP);
        out = dir.resolve("result");
        SweepCommandTest.Result r = SweepCommandTest.run("sweep", config.toString(), "--out", out.toString(),
                "--master", SharedSpark.MASTER);
        assertEquals(0, r.exit(), r.err());
    }

    @Test
    void query_answersAJoin_inEveryFormat() {
        String join = "SELECT r.tie_mode, count(*) AS n, max(s.frac_tied) AS tied FROM runs r JOIN summary s "
                + "USING (activation, tie_mode, epsilon) WHERE r.activation = 'tanh' AND r.epsilon = 0 "
                + "GROUP BY r.tie_mode ORDER BY r.tie_mode";
        SweepCommandTest.Result table = SweepCommandTest.run("query", out.toString(), join, "--master", SharedSpark.MASTER);
        assertEquals(0, table.exit(), table.err());
        List<String> lines = table.out().lines().toList();
        assertEquals(List.of("tie_mode  n  tied", "--------  -  ----", "in        4     0", "in+out    4     1",
                "none      4     0"), lines);
        SweepCommandTest.Result csv = SweepCommandTest.run("query", out.toString(), join, "--format", "csv");
        assertEquals("tie_mode,n,tied\nin,4,0\nin+out,4,1\nnone,4,0\n", csv.out());
        SweepCommandTest.Result json = SweepCommandTest.run("query", out.toString(), join, "--format", "json");
        assertTrue(json.out().startsWith("{\"tie_mode\":\"in\",\"n\":4,\"tied\":0.0}"), json.out());
    }

    @Test
    void query_joinsRunsAndTrajectories() {
        SweepCommandTest.Result r = SweepCommandTest.run("query", out.toString(), "SELECT count(*) AS n, "
                + "count_if(t.dist = r.dist_start) AS same FROM runs r JOIN trajectories t USING (run_id) WHERE t.step = 0",
                "--format", "csv");
        assertEquals(0, r.exit(), r.err());
        assertEquals("n,same\n48,48\n", r.out());
    }

    /** trace DIR RUN_ID rebuilds the run's spec from its row (checked by run_id) and retrains it, same bits. */
    @Test
    void trace_ofARunInTheFolder_matchesItsTrajectory() throws Exception {
        org.apache.spark.sql.SparkSession spark = SharedSpark.session();
        org.apache.spark.sql.Row run = spark.read().parquet(out.resolve("runs").toString())
                .where("tie_mode = 'in+out' AND epsilon > 0 AND activation = 'relu'").orderBy("run_id").first();
        String id = run.getAs("run_id");
        Path file = dir.resolve("trace.json");
        SweepCommandTest.Result r = SweepCommandTest.run("trace", out.toString(), id, "--out", file.toString());
        assertEquals(0, r.exit(), r.err());
        com.fasterxml.jackson.databind.JsonNode trace = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
        assertEquals(id, trace.get("run_id").asText());
        List<org.apache.spark.sql.Row> points = spark.read().parquet(out.resolve("trajectories").toString())
                .where("run_id = '" + id + "'").orderBy("step").collectAsList();
        assertEquals(points.size(), trace.get("checkpoints").size());
        for (int k = 0; k < points.size(); k++) {
            assertEquals(points.get(k).<Double>getAs("loss"), trace.get("checkpoints").get(k).get("loss").asDouble(), 0.0);
            assertEquals(points.get(k).<Double>getAs("dist"), trace.get("checkpoints").get(k).get("dist").asDouble(), 0.0);
        }
        SweepCommandTest.Result missing = SweepCommandTest.run("trace", out.toString(), "0000000000000000");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("no run 0000000000000000"), missing.err());
    }

    @Test
    void query_withoutSql_listsViewsAndColumns() {
        SweepCommandTest.Result r = SweepCommandTest.run("query", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("runs (") && r.out().contains("summary (") && r.out().contains("trajectories ("), r.out());
        assertTrue(r.out().contains("  widths                 array<int>"), r.out());
        assertTrue(r.out().contains("  eps_fit_slope          double"), r.out());
    }

    @Test
    void writes_areRefused_andTheDataIsUnchanged() throws Exception {
        List<String> before = listing();
        long rows = SharedSpark.session().read().parquet(out.resolve("runs").toString()).count();
        for (String write : List.of("INSERT INTO runs SELECT * FROM runs",
                "INSERT OVERWRITE DIRECTORY '" + out.resolve("runs") + "' USING parquet SELECT * FROM summary",
                "DROP VIEW runs", "DROP TABLE IF EXISTS summary",
                "CREATE TABLE copy USING parquet LOCATION '" + out.resolve("runs") + "' AS SELECT * FROM runs",
                "WITH a AS (SELECT 1) INSERT INTO runs SELECT * FROM runs", "SET spark.sql.shuffle.partitions=1")) {
            SweepCommandTest.Result r = SweepCommandTest.run("query", out.toString(), write);
            assertEquals(2, r.exit(), write + ": " + r.out());
            assertTrue(r.err().startsWith("query: only queries are allowed"), r.err());
        }
        assertEquals(before, listing());
        assertEquals(rows, SharedSpark.session().read().parquet(out.resolve("runs").toString()).count());
        SweepCommandTest.Result typo = SweepCommandTest.run("query", out.toString(), "SELEC 1");
        assertEquals(2, typo.exit());
        assertTrue(typo.err().startsWith("query: not valid SQL"), typo.err());
    }

    private static List<String> listing() throws Exception {
        try (Stream<Path> files = Files.walk(out)) {
            return files.map(p -> p + ":" + p.toFile().length()).sorted().toList();
        }
    }
}
