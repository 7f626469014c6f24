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

    private final SparkSession spark;
    private final ObjectMapper json = new ObjectMapper();
    private final List<String> varying = new ArrayList<>();
    private final List<String> variantFixed = new ArrayList<>();
    private final List<String> axes = new ArrayList<>();

    private ReportData(SparkSession spark) {
        this.spark = spark;
    }

    static ObjectNode collect(SparkSession spark, Path dir, String title) {
        return new ReportData(spark).build(dir, title);
    }

    private ObjectNode build(Path dir, String title) {
        // as the summary reads them, so that their keys meet the summary's
        RunsTable.withAddedLater(spark.read().schema(RunsTable.SCHEMA).parquet(dir.resolve("runs").toString()))
                .createOrReplaceTempView("runs");
        spark.read().parquet(dir.resolve("summary").toString()).createOrReplaceTempView("summary");
        boolean trajectories = Files.isDirectory(dir.resolve("trajectories"));
        if (trajectories) {
            spark.read().schema(RunsTable.TRAJECTORY_SCHEMA).parquet(dir.resolve("trajectories").toString())
                    .createOrReplaceTempView("trajectories");
        }
        conditionColumns();
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
        conditions(data.putArray("conditions"));
        if (trajectories) {
            trajectories(data.putArray("trajectories"));
        }
        // the ε law needs at least two ε > 0 to be a law; a variant may be what sets them
        if (spark.sql("SELECT count(DISTINCT epsilon) FROM runs WHERE epsilon > 0").first().getLong(0) > 1) {
            epsilonLaw(data.putObject("epsilon"), groupsAcross("epsilon"));
        }
        growth(data.putArray("growth"));
        predicted(data.putArray("predicted"));
        if (trajectories && columns("trajectories").contains("mu_min")
                && spark.sql("SELECT count(*) FROM runs WHERE weight_decay > 0").first().getLong(0) > 0) {
            merged(data.putObject("merged"), groupsAcross("weight_decay"));
        }
        return data;
    }

    /**
     * The condition columns whose values differ between conditions, and of those the columns each variant
     * fixes (one value per variant) where variants vary; the axes are the first without the second, a
     * variant's name standing for what it sets.
     */
    private void conditionColumns() {
        List<String> present = columns("summary");
        for (String column : RunsTable.CONDITION_COLUMNS) {
            if (present.contains(column)
                    && spark.sql("SELECT count(DISTINCT string(" + column + ")) FROM summary").first().getLong(0) > 1) {
                varying.add(column);
            }
        }
        if (varying.contains("variant")) {
            long variants = spark.sql("SELECT count(DISTINCT variant) FROM summary").first().getLong(0);
            for (String c : varying) {
                if (!c.equals("variant") && spark.sql("SELECT count(DISTINCT variant, string(" + c
                        + ")) FROM summary").first().getLong(0) == variants) {
                    variantFixed.add(c);
                }
            }
        }
        axes.addAll(varying);
        axes.removeAll(variantFixed);
    }

    /**
     * What a chart across the values of {@code column} groups its runs by: the axes but that column; where a
     * variant sets it, the variant's name would part every value from the next, so the columns the variants
     * set (but this one) stand in for the variant.
     */
    private List<String> groupsAcross(String column) {
        if (!variantFixed.contains(column)) {
            return without(axes, column);
        }
        return varying.stream().filter(c -> !c.equals(column) && !c.equals("variant")).toList();
    }

    private List<String> columns(String view) {
        return Arrays.asList(spark.table(view).columns());
    }

    private static List<String> without(List<String> axes, String axis) {
        return axes.stream().filter(a -> !a.equals(axis)).toList();
    }

    /**
     * The SQL of a group's key: a JSON array of its columns' values as strings, so no value can run into the
     * next as a joined string could; the page parses it back for labels.
     */
    static String key(List<String> columns, String prefix) {
        if (columns.isEmpty()) {
            return "'[]'";
        }
        return "to_json(array(" + String.join(", ", columns.stream().map(a -> "string(" + prefix + a + ")").toList())
                + "))";
    }

    private void conditions(ArrayNode into) {
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

    private void trajectories(ArrayNode into) {
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

    /**
     * Diverge step against ln(1/ε) per group, and each group's least-squares line over its diverged runs
     * where they hold two ε > 0 (the summary's eps_fit_* where the groups are the summary's conditions).
     */
    private void epsilonLaw(ObjectNode into, List<String> groups) {
        String key = key(groups, "");
        groupColumns(into, groups);
        String diverged = " FROM runs WHERE epsilon > 0 AND diverge_step IS NOT NULL AND " + finiteSql("ln(1 / epsilon)");
        ArrayNode points = into.putArray("points");
        spark.sql("SELECT " + key + " AS key, ln(1 / epsilon) AS x, diverge_step AS y" + diverged
                + " ORDER BY run_id LIMIT " + MAX_POINTS).collectAsList()
                .forEach(r -> points.addArray().add(r.getString(0)).add(r.getDouble(1)).add(r.getInt(2)));
        ArrayNode fits = into.putArray("fits");
        spark.sql("SELECT " + key + " AS key, regr_slope(diverge_step, ln(1 / epsilon)) AS slope,"
                + " regr_intercept(diverge_step, ln(1 / epsilon)) AS intercept" + diverged
                // over finite x with two distinct values the line is defined and finite
                + " GROUP BY 1 HAVING count(DISTINCT epsilon) >= 2 ORDER BY 1").collectAsList()
                .forEach(r -> fits.addArray().add(r.getString(0)).add(r.getDouble(1)).add(r.getDouble(2)));
    }

    private void groupColumns(ObjectNode into, List<String> groups) {
        ArrayNode names = into.putArray("columns");
        groups.forEach(names::add);
    }

    private void growth(ArrayNode into) {
        spark.sql("SELECT " + key(axes, "") + " AS key, percentile_approx(growth_rate, array(0.0, 0.25, 0.5, 0.75, 1.0)),"
                + " count(growth_rate) FROM runs WHERE " + finiteSql("growth_rate")
                + " GROUP BY 1 ORDER BY 1").collectAsList()
                .forEach(r -> {
                    ArrayNode row = into.addArray().add(r.getString(0));
                    List<Double> q = r.getList(1);
                    q.forEach(row::add);
                    row.add(r.getLong(2));
                });
    }

    private void predicted(ArrayNode into) {
        spark.sql("SELECT " + key(axes, "") + " AS key, growth_rate, predicted_growth FROM runs"
                + " WHERE " + finiteSql("growth_rate") + " AND " + finiteSql("predicted_growth") + " ORDER BY run_id LIMIT "
                + MAX_POINTS).collectAsList().forEach(r -> into.addArray().add(r.getString(0)).add(r.getDouble(1)).add(r.getDouble(2)));
    }

    /** Fraction merged per half-octave of λ/λ*, λ* = −mu_min at step 0, per group. */
    private void merged(ObjectNode into, List<String> groups) {
        groupColumns(into, groups);
        ArrayNode bins = into.putArray("bins");
        spark.sql("SELECT key, pow(2, bin) AS ratio, avg(merged) AS merged, count(*) AS n FROM (SELECT "
                + key(groups, "r.") + " AS key, round(log2(r.weight_decay / (-t.mu_min)) * 2) / 2 AS bin,"
                + " CAST(r.outcome = 'merged' AS INT) AS merged FROM runs r JOIN trajectories t USING (run_id)"
                + " WHERE t.step = 0 AND t.mu_min < 0 AND r.weight_decay > 0) WHERE " + finiteSql("bin")
                + " GROUP BY key, bin ORDER BY key, bin")
                .collectAsList().forEach(r -> bins.addArray().add(r.getString(0)).add(r.getDouble(1)).add(r.getDouble(2))
                        .add(r.getLong(3)));
    }

    /**
     * SQL true where the double is finite: Spark orders NaN above +∞ and null compares to nothing, so one
     * comparison leaves out null, NaN and both infinities (which JSON cannot hold).
     */
    static String finiteSql(String expression) {
        return "abs(" + expression + ") < CAST('Infinity' AS DOUBLE)";
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
