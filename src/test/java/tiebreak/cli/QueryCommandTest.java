package tiebreak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /**
     * Every route out of a read-only query that was found, and the ones like them: each refused with one
     * line and exit 2 before anything runs; the folder, the JVM and its properties unchanged afterwards.
     */
    @Test
    void everyRouteToWritingRunningOrReadingElsewhere_isRefused() throws Exception {
        List<String> before = listing();
        Path marker = dir.resolve("transform-ran");
        String summary = out.resolve("summary").toString();
        String[][] routes = {
            {"INSERT INTO runs SELECT * FROM runs", "only a query over runs, summary, trajectories is allowed"},
            {"INSERT OVERWRITE DIRECTORY '" + summary + "' USING parquet SELECT * FROM runs", "only a query over"},
            {"WITH a AS (SELECT 1) INSERT INTO runs SELECT * FROM runs", "only a query over"},
            {"CREATE TABLE copy USING parquet LOCATION '" + summary + "' AS SELECT * FROM runs", "only a query over"},
            {"CREATE TEMPORARY VIEW v AS SELECT 1", "only a query over"},
            {"CREATE TEMPORARY FUNCTION f AS 'java.lang.Runtime'", "only a query over"},
            {"DROP VIEW runs", "only a query over"},
            {"SET spark.sql.runSQLOnFiles=true", "only a query over"},
            {"RESET", "only a query over"},
            {"DECLARE VARIABLE v INT DEFAULT 1", "only a query over"},
            {"CACHE TABLE runs", "only a query over"},
            {"ADD JAR '" + dir.resolve("x.jar") + "'", "only a query over"},
            {"DESCRIBE runs", "only a query over"},
            {"SHOW TABLES", "only a query over"},
            {"EXPLAIN SELECT 1", "only a query over"},
            {"USE default", "only a query over"},
            {"EXECUTE IMMEDIATE 'INSERT OVERWRITE DIRECTORY ''" + summary + "'' USING parquet SELECT * FROM runs'",
                "EXECUTE IMMEDIATE is not"},
            {"EXECUTE IMMEDIATE 'SET spark.sql.runSQLOnFiles=true'", "EXECUTE IMMEDIATE is not"},
            {"SELECT TRANSFORM(run_id) USING 'touch " + marker + "' AS (a) FROM runs", "TRANSFORM ... USING (a command) is not"},
            {"SELECT reflect('java.lang.System', 'exit', 3)", "function reflect is not allowed"},
            {"SELECT java_method('java.lang.System', 'setProperty', 'tiebreak.pwned', 'yes')", "function java_method is not allowed"},
            {"SELECT try_reflect('java.lang.System', 'exit', 3)", "function try_reflect is not allowed"},
            {"SELECT (SELECT reflect('java.lang.System', 'exit', 3))", "function reflect is not allowed"},
            {"WITH a AS (SELECT reflect('java.lang.System', 'exit', 3) AS x) SELECT * FROM a", "function reflect is not allowed"},
            {"SELECT count(*) OVER w FROM runs WINDOW w AS (PARTITION BY reflect('java.lang.System', 'exit', 3))",
                "function reflect is not allowed"},
            {"SELECT v FROM runs LATERAL VIEW java_method('java.lang.System', 'exit', 3) t AS v", "function java_method is not allowed"},
            {"SELECT IDENTIFIER('reflect')('java.lang.System', 'exit', 3)", "IDENTIFIER(...) is not allowed"},
            {"SELECT xpath_string('<a>x</a>', 'a')", "function xpath_string is not allowed"},
            {"SELECT input_file_name() FROM runs", "function input_file_name is not allowed"},
            {"SELECT * FROM text.`/etc/passwd`", "no table text./etc/passwd here"},
            {"SELECT * FROM parquet.`" + out.resolve("runs") + "`", "no table parquet." + out.resolve("runs") + " here"},
            {"SELECT * FROM IDENTIFIER('text.`/etc/passwd`')", "no table"},
            {"SELECT * FROM global_temp.runs", "no table global_temp.runs here"},
            {"SELECT * FROM spark_catalog.default.runs", "no table spark_catalog.default.runs here"},
            {"SELECT * FROM elsewhere", "no table elsewhere here: a query reads only runs, summary, trajectories"},
            {"SELECT * FROM runs WITH ('path' = '/etc')", "table runs is read as it is: no options"},
            {"SELECT * FROM runs TIMESTAMP AS OF '2020-01-01'", "a relation time travel statement is not"},
            {"SELECT * FROM sql_keywords()", "table function sql_keywords is not allowed"},
            {"SELECT /*+ REPARTITION(2) */ * FROM runs", "a hint is not"},
            {"BEGIN SELECT 1; END", "a SQL script is not"},
            {"LOAD DATA LOCAL INPATH '/etc/passwd' INTO TABLE runs", "only a query over"},
            {"ALTER VIEW runs AS SELECT 1", "only a query over"},
            {"REFRESH TABLE runs", "only a query over"},
            {"SELECT * FROM json.`/etc`", "no table json./etc here"},
            {"SELECT from_xml('<a/>', 'a INT')", "function from_xml is not allowed"},
            {"SELECT from_protobuf(CAST('' AS BINARY), 'M', '/etc/passwd')", "function from_protobuf is not allowed"},
            {"SELECT current_user", "function current_user is not allowed"},
            {"SELECT user, session_user", "function user is not allowed"},
            {"SELECT * FROM (WITH secret AS (SELECT 1 AS x) SELECT x FROM secret) t CROSS JOIN secret",
                "TABLE_OR_VIEW_NOT_FOUND"},
            {"SELECT 1; SELECT 2", "not valid SQL"},
            {"SELEC 1", "not valid SQL"},
        };
        for (String[] route : routes) {
            SweepCommandTest.Result r = SweepCommandTest.run("query", out.toString(), route[0]);
            assertEquals(2, r.exit(), route[0] + ": " + r.out() + r.err());
            assertEquals(1, r.err().strip().lines().count(), route[0] + ": " + r.err());
            assertTrue(r.err().startsWith("query: ") && r.err().contains(route[1]), route[0] + ": " + r.err());
            assertEquals("", r.out(), route[0]);
        }
        assertEquals(before, listing(), "the result folder is as it was");
        assertFalse(Files.exists(marker), "no command ran");
        assertEquals(null, System.getProperty("tiebreak.pwned"));
        assertEquals(routes.length, java.util.Arrays.stream(routes).map(r -> r[0]).distinct().count());
    }

    /** The session itself, without the statement check: no functions off the list, no files, no ${...}. */
    @Test
    void theQuerySession_cannotResolveWhatTheListLeavesOut() {
        org.apache.spark.sql.SparkSession session = tiebreak.spark.ReadOnlySql.session(SharedSpark.session());
        for (String sql : List.of("SELECT reflect('java.lang.System', 'exit', 3)",
                "SELECT java_method('java.lang.System', 'setProperty', 'tiebreak.pwned', 'yes')",
                "SELECT * FROM text.`/etc/passwd`", "SELECT * FROM sql_keywords()")) {
            Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                    () -> session.sql(sql).collectAsList(), sql);
            assertTrue(e.getMessage().contains("UNRESOLVED_ROUTINE") || e.getMessage().contains("TABLE_OR_VIEW_NOT_FOUND")
                    || e.getMessage().contains("UNSUPPORTED_DATASOURCE_FOR_DIRECT_QUERY") || e.getMessage().contains("UNRESOLVABLE_TABLE_VALUED_FUNCTION"),
                    sql + ": " + e.getMessage());
        }
        assertEquals("${env:HOME}", session.sql("SELECT '${env:HOME}'").first().getString(0), "no variable substitution");
        assertEquals(3L, session.sql("SELECT count(*) FROM range(3)").first().getLong(0), "the allowed still work");
        assertTrue(SharedSpark.session().sql("SELECT reflect('java.lang.String', 'valueOf', 1)").first().getString(0)
                .equals("1"), "the shared session keeps its functions: the pruning is the query session's own");
        // a relation that is not one of the views' files (here an RDD's), even when a name reaches it
        org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType().add("x", "int");
        session.createDataFrame(org.apache.spark.api.java.JavaSparkContext.fromSparkContext(session.sparkContext())
                .parallelize(List.of(org.apache.spark.sql.RowFactory.create(1))), schema).createOrReplaceTempView("other");
        assertTrue(tiebreak.spark.ReadOnlySql.analysedRefusal(session.sql("SELECT * FROM (SELECT 1) WHERE EXISTS "
                + "(SELECT x FROM other)"), List.of(out.resolve("runs").toUri().toString())).orElse("")
                .contains("the query reads"), "refused, also inside a subquery");
        assertTrue(tiebreak.spark.ReadOnlySql.analysedRefusal(session.sql("SELECT * FROM VALUES (1) AS t(x)"),
                List.of()).isEmpty());
    }

    @Test
    void queries_ofEveryAllowedShape_run() {
        for (String sql : List.of(
                "WITH t AS (SELECT tie_mode, count(*) AS n FROM runs GROUP BY tie_mode) SELECT * FROM t ORDER BY n DESC, tie_mode",
                "SELECT run_id, row_number() OVER (PARTITION BY tie_mode ORDER BY init_seed) AS k FROM runs",
                "SELECT w, count(*) FROM runs LATERAL VIEW explode(widths) e AS w GROUP BY w",
                "SELECT * FROM summary WHERE n = (SELECT max(n) FROM summary) AND EXISTS (SELECT 1 FROM runs)",
                "SELECT r.run_id FROM runs r LEFT SEMI JOIN trajectories t ON r.run_id = t.run_id AND t.step = 0",
                "SELECT * FROM VALUES (1, 'a'), (2, 'b') AS v(k, s) UNION ALL SELECT id, 'c' FROM range(2)",
                "SELECT * FROM (SELECT tie_mode, outcome FROM runs) PIVOT (count(*) FOR outcome IN ('tied', 'diverged'))",
                "SELECT transform(widths, x -> x * 2), percentile_approx(dist_end, 0.5) OVER () FROM runs LIMIT 1",
                "TABLE summary",
                "SELECT a, current_date() IS NOT NULL FROM range(3) AS t(a)",
                "FROM runs |> WHERE epsilon > 0 |> AGGREGATE count(*) AS n")) {
            SweepCommandTest.Result r = SweepCommandTest.run("query", out.toString(), sql, "--format", "csv");
            assertEquals(0, r.exit(), sql + ": " + r.err());
            assertTrue(r.out().lines().count() >= 2, sql + ": " + r.out());
        }
        SweepCommandTest.Result literal = SweepCommandTest.run("query", out.toString(), "SELECT '${system:user.home}' AS v",
                "--format", "csv");
        assertEquals("v\n${system:user.home}\n", literal.out(), "no variable substitution");
    }

    /** The list names real functions and none of the kinds left out on purpose. */
    @Test
    void functionList_isOfSparksBuiltins_withoutReflectionXmlOrFiles() {
        var registry = org.apache.spark.sql.catalyst.analysis.FunctionRegistry.builtin();
        for (String name : tiebreak.spark.ReadOnlySql.FUNCTIONS) {
            var info = registry.lookupFunction(new org.apache.spark.sql.catalyst.FunctionIdentifier(name));
            assertTrue(info.isDefined(), name + " is a built-in function");
            String group = info.get().getGroup();
            assertTrue(!group.equals("misc_funcs") || name.equals("typeof"), name + " is in " + group);
            assertFalse(List.of("xml_funcs", "avro_funcs", "protobuf_funcs").contains(group), name + " is in " + group);
            assertFalse(info.get().getClassName().contains("Reflection"), name);
        }
        assertTrue(tiebreak.spark.ReadOnlySql.FUNCTIONS.containsAll(List.of("count", "avg", "percentile_approx",
                "count_if", "row_number", "explode", "transform", "coalesce", "round", "ln")));
    }

    private static List<String> listing() throws Exception {
        try (Stream<Path> files = Files.walk(out)) {
            return files.map(p -> p + ":" + p.toFile().length()).sorted().toList();
        }
    }
}
