package tiebreak.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import tiebreak.spark.RunsTable;

/**
 * What the report page draws, collected from a result folder with Spark SQL into one JSON document: the
 * sweep's axes (the condition columns that vary, a variant standing for the columns it sets), one entry per
 * condition of the summary, and per condition the quartiles of dist(t)/dist(0) and of the loss, the ε law's
 * points and fits, the growth rates' spread, measured against predicted growth, and merged against λ/λ*
 * where the sweep has them. Every figure on the page comes from here; none is written by hand.
 */
final class ReportData {
    static final String[] OUTCOMES = {"tied", "diverged", "split", "merged", "untied", "nonfinite", "failed"};
    /** Per chart, at most this many points per kind (runs are sampled by run id, a hash: a fair sample). */
    static final int MAX_POINTS = 5000;
    private static final String SEPARATOR = " | ";

    private final SparkSession spark;
    private final ObjectMapper json = new ObjectMapper();

    private ReportData(SparkSession spark) {
        this.spark = spark;
    }

    static ObjectNode collect(SparkSession spark, Path dir, String title) {
        return new ReportData(spark).build(dir, title);
    }

    private ObjectNode build(Path dir, String title) {
        spark.read().schema(RunsTable.SCHEMA).parquet(dir.resolve("runs").toString()).createOrReplaceTempView("runs");
        spark.read().parquet(dir.resolve("summary").toString()).createOrReplaceTempView("summary");
        boolean trajectories = Files.isDirectory(dir.resolve("trajectories"));
        if (trajectories) {
            spark.read().parquet(dir.resolve("trajectories").toString()).createOrReplaceTempView("trajectories");
        }
        List<String> axes = axes();
        ObjectNode data = json.createObjectNode();
        data.put("title", title);
        data.put("folder", dir.toString());
        ArrayNode axisNodes = data.putArray("axes");
        for (String axis : axes) {
            ObjectNode node = axisNodes.addObject();
            node.put("name", axis);
            ArrayNode values = node.putArray("values");
            spark.sql("SELECT DISTINCT " + axis + " AS v, string(" + axis + ") AS s FROM summary ORDER BY v")
                    .collectAsList().forEach(r -> values.add(r.getString(1)));
        }
        conditions(data.putArray("conditions"), axes);
        if (trajectories) {
            trajectories(data.putArray("trajectories"), axes);
        }
        // the ε law needs at least two ε > 0 to be a law
        if (axes.contains("epsilon")
                && spark.sql("SELECT count(DISTINCT epsilon) FROM runs WHERE epsilon > 0").first().getLong(0) > 1) {
            epsilonLaw(data.putObject("epsilon"), without(axes, "epsilon"));
        }
        growth(data.putArray("growth"), axes);
        predicted(data.putArray("predicted"), axes);
        if (trajectories && axes.contains("weight_decay") && columns("trajectories").contains("mu_min")) {
            merged(data.putArray("merged"), without(axes, "weight_decay"));
        }
        return data;
    }

    /**
     * The condition columns whose values differ between conditions; where variants vary, the columns each
     * variant fixes (one value per variant) are left to the variant's name.
     */
    private List<String> axes() {
        List<String> present = columns("summary");
        List<String> varying = new ArrayList<>();
        for (String column : RunsTable.CONDITION_COLUMNS) {
            if (present.contains(column)
                    && spark.sql("SELECT count(DISTINCT string(" + column + ")) FROM summary").first().getLong(0) > 1) {
                varying.add(column);
            }
        }
        if (varying.contains("variant")) {
            long variants = spark.sql("SELECT count(DISTINCT variant) FROM summary").first().getLong(0);
            varying.removeIf(c -> !c.equals("variant") && spark.sql("SELECT count(DISTINCT variant, string(" + c
                    + ")) FROM summary").first().getLong(0) == variants);
        }
        return varying;
    }

    private List<String> columns(String view) {
        return Arrays.asList(spark.table(view).columns());
    }

    private static List<String> without(List<String> axes, String axis) {
        return axes.stream().filter(a -> !a.equals(axis)).toList();
    }

    /** The SQL of a condition's key: its axes' values as strings, joined; one key where nothing varies. */
    static String key(List<String> axes, String prefix) {
        if (axes.isEmpty()) {
            return "'all runs'";
        }
        return "concat_ws('" + SEPARATOR + "', " + String.join(", ", axes.stream().map(a -> "string(" + prefix + a + ")")
                .toList()) + ")";
    }

    private void conditions(ArrayNode into, List<String> axes) {
        String key = key(axes, "s.");
        List<String> summary = columns("summary");
        List<String> measures = new ArrayList<>(List.of("n", "tied_ci_low", "tied_ci_high", "diverged_ci_low",
                "diverged_ci_high", "median_diverge_step", "median_growth_rate", "mean_final_loss",
                "mean_final_accuracy", "median_growth_over_predicted"));
        measures.removeIf(m -> !summary.contains(m));
        StringBuilder select = new StringBuilder("SELECT " + key + " AS key, e.example");
        for (String axis : axes) {
            select.append(", string(s.").append(axis).append(") AS `axis_").append(axis).append('`');
        }
        for (String o : OUTCOMES) {
            select.append(", s.frac_").append(o);
        }
        measures.forEach(m -> select.append(", s.").append(m));
        select.append(" FROM summary s LEFT JOIN (SELECT ").append(key(axes, "")).append(" AS key, min(run_id) AS example")
                .append(" FROM runs GROUP BY 1) e ON e.key = ").append(key).append(" ORDER BY key");
        for (Row r : spark.sql(select.toString()).collectAsList()) {
            ObjectNode c = into.addObject();
            c.put("key", r.<String>getAs("key"));
            c.put("example", r.<String>getAs("example"));
            ObjectNode values = c.putObject("axes");
            axes.forEach(a -> values.put(a, r.<String>getAs("axis_" + a)));
            ObjectNode fractions = c.putObject("frac");
            for (String o : OUTCOMES) {
                number(fractions, o, r.getAs("frac_" + o));
            }
            measures.forEach(m -> number(c, m, r.getAs(m)));
        }
    }

    private void trajectories(ArrayNode into, List<String> axes) {
        List<Row> rows = spark.sql("SELECT " + key(axes, "r.") + " AS key, t.step,"
                + " percentile_approx(CASE WHEN r.dist_start > 0 AND r.tie_mode <> 'none' THEN t.dist / r.dist_start END,"
                + " array(0.25, 0.5, 0.75)) AS d, percentile_approx(t.loss, array(0.25, 0.5, 0.75)) AS l"
                + " FROM runs r JOIN trajectories t USING (run_id) WHERE r.outcome NOT IN ('failed', 'nonfinite')"
                + " GROUP BY 1, 2 ORDER BY 1, 2").collectAsList();
        ObjectNode current = null;
        for (Row r : rows) {
            if (current == null || !current.get("key").asText().equals(r.getString(0))) {
                current = into.addObject();
                current.put("key", r.getString(0));
                current.putArray("steps");
                current.putArray("dist");
                current.putArray("loss");
            }
            ((ArrayNode) current.get("steps")).add(r.getInt(1));
            triple((ArrayNode) current.get("dist"), r.isNullAt(2) ? null : r.getList(2));
            triple((ArrayNode) current.get("loss"), r.isNullAt(3) ? null : r.getList(3));
        }
    }

    private void epsilonLaw(ObjectNode into, List<String> others) {
        String key = key(others, "");
        ArrayNode points = into.putArray("points");
        spark.sql("SELECT " + key + " AS key, ln(1 / epsilon) AS x, diverge_step AS y FROM runs"
                + " WHERE epsilon > 0 AND diverge_step IS NOT NULL ORDER BY run_id LIMIT " + MAX_POINTS)
                .collectAsList().forEach(r -> points.addArray().add(r.getString(0)).add(r.getDouble(1)).add(r.getInt(2)));
        ArrayNode fits = into.putArray("fits");
        if (columns("summary").contains("eps_fit_slope")) {
            spark.sql("SELECT DISTINCT " + key + " AS key, eps_fit_slope, eps_fit_intercept FROM summary"
                    + " WHERE eps_fit_slope IS NOT NULL ORDER BY key").collectAsList()
                    .forEach(r -> fits.addArray().add(r.getString(0)).add(r.getDouble(1)).add(r.getDouble(2)));
        }
    }

    private void growth(ArrayNode into, List<String> axes) {
        spark.sql("SELECT " + key(axes, "") + " AS key, percentile_approx(growth_rate, array(0.0, 0.25, 0.5, 0.75, 1.0)),"
                + " count(growth_rate) FROM runs WHERE growth_rate IS NOT NULL GROUP BY 1 ORDER BY 1").collectAsList()
                .forEach(r -> {
                    ArrayNode row = into.addArray().add(r.getString(0));
                    List<Double> q = r.getList(1);
                    q.forEach(v -> row.add(finite(v)));
                    row.add(r.getLong(2));
                });
    }

    private void predicted(ArrayNode into, List<String> axes) {
        spark.sql("SELECT " + key(axes, "") + " AS key, growth_rate, predicted_growth FROM runs"
                + " WHERE growth_rate IS NOT NULL AND predicted_growth IS NOT NULL ORDER BY run_id LIMIT " + MAX_POINTS)
                .collectAsList().forEach(r -> into.addArray().add(r.getString(0)).add(r.getDouble(1)).add(r.getDouble(2)));
    }

    /** Fraction merged per half-octave of λ/λ*, λ* = −mu_min at step 0, per condition but λ. */
    private void merged(ArrayNode into, List<String> others) {
        spark.sql("SELECT key, pow(2, bin) AS ratio, avg(merged) AS merged, count(*) AS n FROM (SELECT "
                + key(others, "r.") + " AS key, round(log2(r.weight_decay / (-t.mu_min)) * 2) / 2 AS bin,"
                + " CAST(r.outcome = 'merged' AS INT) AS merged FROM runs r JOIN trajectories t USING (run_id)"
                + " WHERE t.step = 0 AND t.mu_min < 0 AND r.weight_decay > 0) GROUP BY key, bin ORDER BY key, bin")
                .collectAsList().forEach(r -> into.addArray().add(r.getString(0)).add(r.getDouble(1)).add(r.getDouble(2))
                        .add(r.getLong(3)));
    }

    private static void triple(ArrayNode into, List<Double> q) {
        ArrayNode t = into.addArray();
        if (q != null) {
            q.forEach(v -> t.add(finite(v)));
        }
    }

    private static void number(ObjectNode into, String name, Object value) {
        if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
            into.put(name, n.doubleValue());
        } else {
            into.putNull(name);
        }
    }

    private static Double finite(Double v) {
        return v != null && Double.isFinite(v) ? v : null;
    }
}
