package tiebreak.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import tiebreak.sweep.Sweep;

/**
 * The console form of the summary: the sweep's axes, then n, the outcome fractions that occur, the 95%
 * Wilson intervals for tied and diverged, the medians and the mean final loss.
 */
final class SummaryPrinter {
    private static final List<String> OUTCOMES = List.of("tied", "diverged", "split", "merged", "untied", "nonfinite", "failed");

    private SummaryPrinter() {
    }

    static String render(List<Row> summary, Sweep sweep) {
        List<String> axes = sweep.axes().stream().map(Sweep.Axis::key).toList();
        List<String> outcomes = new ArrayList<>();
        for (String o : OUTCOMES) {
            boolean always = o.equals("tied") || o.equals("diverged");
            if (always || summary.stream().anyMatch(r -> r.<Double>getAs("frac_" + o) > 0)) {
                outcomes.add(o);
            }
        }
        List<String> headers = new ArrayList<>(axes);
        headers.add("n");
        headers.addAll(outcomes);
        headers.addAll(List.of("tied 95% CI", "diverged 95% CI", "median diverge step", "median growth", "mean loss"));
        TablePrinter table = new TablePrinter(headers);
        for (Row row : summary) {
            List<String> cells = new ArrayList<>();
            for (String axis : axes) {
                cells.add(show(row.getAs(axis)));
            }
            cells.add(String.valueOf(row.<Long>getAs("n")));
            for (String o : outcomes) {
                cells.add(fixed(row.getAs("frac_" + o)));
            }
            cells.add("[" + fixed(row.getAs("tied_ci_low")) + "," + fixed(row.getAs("tied_ci_high")) + "]");
            cells.add("[" + fixed(row.getAs("diverged_ci_low")) + "," + fixed(row.getAs("diverged_ci_high")) + "]");
            cells.add(show(row.getAs("median_diverge_step")));
            cells.add(show(row.getAs("median_growth_rate")));
            cells.add(show(row.getAs("mean_final_loss")));
            table.add(cells);
        }
        return table.render();
    }

    private static String fixed(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }

    /** Arrays as [8,16,1], doubles in 4 significant digits, nulls as "-". */
    static String show(Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof scala.collection.Seq<?> seq) {
            return scala.jdk.javaapi.CollectionConverters.asJava(seq).toString().replace(" ", "");
        }
        if (value instanceof Double d) {
            if (d == 0 || d.isNaN() || d.isInfinite()) {
                return d == 0 ? "0" : d.toString();
            }
            double abs = Math.abs(d);
            return abs >= 1e-3 && abs < 1e5
                    ? new java.math.BigDecimal(d).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString()
                    : String.format(Locale.ROOT, "%.3g", d);
        }
        return String.valueOf(value);
    }
}
