package tiebreak.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import tiebreak.spark.RunsTable;

/**
 * {@code DIR/report/index.html}: the sweep's description, three charts (outcome fractions per condition;
 * dist(t)/dist(0) per condition; diverge_step against ln(1/ε) with the fitted lines, where ε varies) and
 * the summary table. The page and its PNG files need no network to view.
 */
public final class Report {
    private static final List<String> OUTCOMES = List.of("tied", "diverged", "split", "merged", "untied", "nonfinite", "failed");
    /** The distance chart shows at most this many conditions, to stay readable. */
    static final int MAX_CURVES = 12;

    private Report() {
    }

    /** Writes the report; returns the path of index.html. */
    public static Path write(SparkSession spark, Path dir, String title) throws IOException {
        Path out = dir.resolve("report");
        Files.createDirectories(out);
        spark.read().parquet(dir.resolve("runs").toString()).createOrReplaceTempView("runs");
        boolean trajectories = Files.isDirectory(dir.resolve("trajectories"));
        if (trajectories) {
            spark.read().parquet(dir.resolve("trajectories").toString()).createOrReplaceTempView("trajectories");
        }
        Dataset<Row> summary = spark.read().parquet(dir.resolve("summary").toString());
        summary.createOrReplaceTempView("summary");
        List<String> varying = varyingColumns(spark);
        String label = label(varying, "");
        String subtitle = varying.isEmpty() ? "one condition" : "condition = " + String.join(" | ", varying);
        StringBuilder html = new StringBuilder();
        html.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append("</title><style>body{font-family:sans-serif;max-width:1150px;margin:2em auto;color:#222}"
                        + "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;"
                        + "text-align:right}th{background:#eee}td.l{text-align:left}img{max-width:100%}</style></head><body>")
                .append("<h1>").append(escape(title)).append("</h1>");

        List<Row> rows = spark.sql("SELECT " + label + " AS label, * FROM summary ORDER BY label").collectAsList();
        long runs = rows.stream().mapToLong(r -> r.<Long>getAs("n")).sum();
        html.append("<p>").append(runs).append(" runs in ").append(rows.size()).append(" conditions (").append(escape(subtitle))
                .append(").</p>");

        DefaultCategoryDataset fractions = new DefaultCategoryDataset();
        List<String> present = OUTCOMES.stream().filter(o -> rows.stream().anyMatch(r -> r.<Double>getAs("frac_" + o) > 0)).toList();
        for (Row r : rows) {
            for (String o : present) {
                fractions.addValue(r.<Double>getAs("frac_" + o), o, r.<String>getAs("label"));
            }
        }
        Charts.outcomes(fractions, present, subtitle, out.resolve("outcomes.png"));
        html.append("<h2>Outcomes</h2><img src=\"outcomes.png\" alt=\"outcome fractions per condition\">")
                .append("<p>For each condition, the fraction of its runs that stayed bit-for-bit tied, diverged, split, "
                        + "merged, or were untied controls.</p>");

        YIntervalSeriesCollection bands = trajectories ? distanceBands(spark, label) : new YIntervalSeriesCollection();
        if (bands.getSeriesCount() > 0) {
            Charts.distances(bands, subtitle, out.resolve("distances.png"));
            html.append("<h2>Distance between the tied units</h2><img src=\"distances.png\" alt=\"dist(t)/dist(0)\">")
                    .append("<p>Median over the runs of each condition of the distance between the tied units divided by "
                            + "the start distance, with the band from the 25th to the 75th percentile; only runs with a start "
                            + "distance above zero (ε &gt; 0; the untied controls left out), at most ").append(MAX_CURVES).append(" conditions.</p>");
        }
        if (epsilonChart(spark, varying, subtitle, out.resolve("epsilon.png"))) {
            html.append("<h2>Divergence step against ln(1/ε)</h2><img src=\"epsilon.png\" alt=\"diverge step vs ln(1/eps)\">")
                    .append("<p>Each dot a run that diverged; each line the least-squares fit of its condition "
                            + "(columns eps_fit_* of the summary). Linearisation predicts slope 1/growth rate.</p>");
        }
        html.append("<h2>Summary</h2>").append(table(rows, present)).append("</body></html>\n");
        Path index = out.resolve("index.html");
        Files.writeString(index, html, StandardCharsets.UTF_8);
        return index;
    }

    /** The condition columns whose value differs between summary rows. */
    private static List<String> varyingColumns(SparkSession spark) {
        List<String> varying = new ArrayList<>();
        for (String column : RunsTable.CONDITION_COLUMNS) {
            long distinct = spark.sql("SELECT count(DISTINCT string(" + column + ")) FROM summary").first().getLong(0);
            if (distinct > 1) {
                varying.add(column);
            }
        }
        return varying;
    }

    private static String label(List<String> columns, String prefix) {
        if (columns.isEmpty()) {
            return "'all runs'";
        }
        List<String> parts = new ArrayList<>();
        for (String c : columns) {
            parts.add("string(" + prefix + c + ")");
        }
        // Values only, in the order of the subtitle's column names, so that labels fit beside the bars.
        return "concat_ws(' | ', " + String.join(", ", parts) + ")";
    }

    private static YIntervalSeriesCollection distanceBands(SparkSession spark, String label) {
        List<Row> points = spark.sql("SELECT label, step, percentile_approx(ratio, array(0.25, 0.5, 0.75)) AS q FROM ("
                + " SELECT " + label.replace("string(", "string(r.") + " AS label, t.step, t.dist / r.dist_start AS ratio"
                + " FROM runs r JOIN trajectories t USING (run_id)"
                + " WHERE r.dist_start > 0 AND r.tie_mode <> 'none' AND r.outcome NOT IN ('failed', 'nonfinite'))"
                + " GROUP BY label, step ORDER BY label, step")
                .collectAsList();
        Map<String, YIntervalSeries> series = new LinkedHashMap<>();
        for (Row p : points) {
            String name = p.getString(0);
            if (!series.containsKey(name) && series.size() >= MAX_CURVES) {
                continue;
            }
            List<Double> q = p.getList(2);
            if (q.get(1) > 0) {
                series.computeIfAbsent(name, Charts::band).add(p.getInt(1), q.get(1), Math.max(q.get(0), 1e-12), q.get(2));
            }
        }
        YIntervalSeriesCollection collection = new YIntervalSeriesCollection();
        series.values().forEach(collection::addSeries);
        return collection;
    }

    private static boolean epsilonChart(SparkSession spark, List<String> varying, String subtitle, Path file) throws IOException {
        List<String> others = varying.stream().filter(c -> !c.equals("epsilon")).toList();
        if (!varying.contains("epsilon")) {
            return false;
        }
        String label = label(others, "");
        List<Row> runs = spark.sql("SELECT " + label + " AS label, ln(1 / epsilon) AS x, diverge_step AS y FROM runs "
                + "WHERE epsilon > 0 AND diverge_step IS NOT NULL").collectAsList();
        List<Row> fits = spark.sql("SELECT DISTINCT " + label + " AS label, eps_fit_slope, eps_fit_intercept "
                + "FROM summary WHERE eps_fit_slope IS NOT NULL").collectAsList();
        if (runs.isEmpty() || fits.isEmpty()) {
            return false;
        }
        Map<String, XYSeries> dots = new LinkedHashMap<>();
        for (Row r : runs) {
            dots.computeIfAbsent(r.getString(0), Charts::series).add(r.getDouble(1), r.getInt(2));
        }
        XYSeriesCollection points = new XYSeriesCollection();
        XYSeriesCollection lines = new XYSeriesCollection();
        for (Map.Entry<String, XYSeries> e : dots.entrySet()) {
            points.addSeries(e.getValue());
            XYSeries line = Charts.series(e.getKey() + " fit");
            for (Row f : fits) {
                if (f.getString(0).equals(e.getKey())) {
                    double slope = f.getDouble(1);
                    double intercept = f.getDouble(2);
                    line.add(e.getValue().getMinX(), intercept + slope * e.getValue().getMinX());
                    line.add(e.getValue().getMaxX(), intercept + slope * e.getValue().getMaxX());
                }
            }
            lines.addSeries(line);
        }
        Charts.epsilonScaling(points, lines, subtitle, file);
        return true;
    }

    private static String table(List<Row> rows, List<String> outcomes) {
        StringBuilder t = new StringBuilder("<table><tr><th>condition</th><th>n</th>");
        outcomes.forEach(o -> t.append("<th>").append(o).append("</th>"));
        t.append("<th>tied 95% CI</th><th>diverged 95% CI</th><th>median diverge step</th><th>median growth</th>"
                + "<th>mean final loss</th></tr>");
        for (Row r : rows) {
            t.append("<tr><td class=\"l\">").append(escape(r.getAs("label"))).append("</td><td>").append((Object) r.getAs("n"))
                    .append("</td>");
            outcomes.forEach(o -> t.append("<td>").append(f(r.getAs("frac_" + o))).append("</td>"));
            t.append("<td>[").append(f(r.getAs("tied_ci_low"))).append(", ").append(f(r.getAs("tied_ci_high"))).append("]</td>")
                    .append("<td>[").append(f(r.getAs("diverged_ci_low"))).append(", ").append(f(r.getAs("diverged_ci_high")))
                    .append("]</td><td>").append(g(r.getAs("median_diverge_step"))).append("</td><td>")
                    .append(g(r.getAs("median_growth_rate"))).append("</td><td>").append(g(r.getAs("mean_final_loss")))
                    .append("</td></tr>");
        }
        return t.append("</table>").toString();
    }

    private static String f(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String g(Object v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.4g", ((Number) v).doubleValue());
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
