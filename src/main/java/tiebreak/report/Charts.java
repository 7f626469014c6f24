package tiebreak.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** The report's charts, drawn with JFreeChart into PNG files. */
final class Charts {
    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Map<String, Color> OUTCOME_COLOURS = Map.of(
            "tied", new Color(0x2b8cbe), "diverged", new Color(0xe34a33), "split", new Color(0xfdbb84),
            "merged", new Color(0x31a354), "untied", new Color(0xbdbdbd), "nonfinite", new Color(0x756bb1),
            "failed", new Color(0x252525));

    private Charts() {
    }

    /** One horizontal stacked bar per condition: the fraction of each outcome. */
    static void outcomes(DefaultCategoryDataset data, List<String> outcomes, String subtitle, Path file) throws IOException {
        CategoryPlot plot = new CategoryPlot();
        plot.setDataset(data);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        org.jfree.chart.axis.CategoryAxis conditions = new org.jfree.chart.axis.CategoryAxis("condition");
        conditions.setMaximumCategoryLabelWidthRatio(0.45f);
        NumberAxis fraction = new NumberAxis("fraction of runs");
        fraction.setRange(0, 1);
        plot.setDomainAxis(conditions);
        plot.setRangeAxis(fraction);
        StackedBarRenderer renderer = new StackedBarRenderer();
        renderer.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
        renderer.setShadowVisible(false);
        for (int s = 0; s < outcomes.size(); s++) {
            renderer.setSeriesPaint(s, OUTCOME_COLOURS.get(outcomes.get(s)));
        }
        plot.setRenderer(renderer);
        JFreeChart chart = styled(new JFreeChart("Outcome of the runs, per condition", TITLE, plot, true), subtitle);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 1100, Math.max(320, 120 + 22 * data.getColumnCount()));
    }

    /** Median and interquartile band of dist(t)/dist(0) against step, log scale, one series per condition. */
    static void distances(YIntervalSeriesCollection bands, String subtitle, Path file) throws IOException {
        NumberAxis step = new NumberAxis("training step");
        LogAxis ratio = new LogAxis("dist(t) / dist(0), log scale");
        ratio.setSmallestValue(1e-6);
        ratio.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1)); // one tick per decade
        DeviationRenderer renderer = new DeviationRenderer(true, false);
        for (int s = 0; s < bands.getSeriesCount(); s++) {
            Color colour = Color.getHSBColor((float) s / Math.max(1, bands.getSeriesCount()), 0.75f, 0.8f);
            renderer.setSeriesPaint(s, colour);
            renderer.setSeriesFillPaint(s, colour);
            renderer.setSeriesStroke(s, new BasicStroke(2f));
        }
        renderer.setAlpha(0.15f);
        XYPlot plot = new XYPlot(bands, step, ratio, renderer);
        JFreeChart chart = styled(new JFreeChart("Distance between the tied units (median, band: 25%-75%)", TITLE,
                plot, true), subtitle);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 1100, 650);
    }

    /** Every run's diverge_step against ln(1/ε), with the fitted line of each condition. */
    static void epsilonScaling(XYSeriesCollection points, XYSeriesCollection lines, String subtitle, Path file)
            throws IOException {
        NumberAxis x = new NumberAxis("ln(1/ε)");
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis("diverge_step (steps)");
        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        XYLineAndShapeRenderer fits = new XYLineAndShapeRenderer(true, false);
        for (int s = 0; s < points.getSeriesCount(); s++) {
            Color colour = Color.getHSBColor((float) s / Math.max(1, points.getSeriesCount()), 0.75f, 0.8f);
            dots.setSeriesPaint(s, colour);
            fits.setSeriesPaint(s, colour.darker());
            fits.setSeriesStroke(s, new BasicStroke(2.5f));
            fits.setSeriesVisibleInLegend(s, false);
        }
        XYPlot plot = new XYPlot(points, x, y, dots);
        plot.setDataset(1, lines);
        plot.setRenderer(1, fits);
        JFreeChart chart = styled(new JFreeChart("Divergence step against ln(1/ε), with least-squares lines", TITLE,
                plot, true), subtitle);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 1100, 650);
    }

    private static JFreeChart styled(JFreeChart chart, String subtitle) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(new TextTitle(subtitle, LABEL));
        chart.getLegend().setItemFont(LABEL);
        chart.getPlot().setBackgroundPaint(new Color(0xf7f7f7));
        if (chart.getPlot() instanceof XYPlot xy) {
            for (int a = 0; a < xy.getRangeAxisCount(); a++) {
                font(xy.getRangeAxis(a));
            }
            font(xy.getDomainAxis());
            xy.setDomainGridlinePaint(Color.LIGHT_GRAY);
            xy.setRangeGridlinePaint(Color.LIGHT_GRAY);
        } else if (chart.getPlot() instanceof CategoryPlot cat) {
            font(cat.getRangeAxis());
            cat.getDomainAxis().setLabelFont(LABEL);
            cat.getDomainAxis().setTickLabelFont(TICK);
            cat.setRangeGridlinePaint(Color.LIGHT_GRAY);
        }
        return chart;
    }

    private static void font(org.jfree.chart.axis.ValueAxis axis) {
        axis.setLabelFont(LABEL);
        axis.setTickLabelFont(TICK);
    }

    static XYSeries series(String name) {
        return new XYSeries(name, false, true);
    }

    static YIntervalSeries band(String name) {
        return new YIntervalSeries(name);
    }
}
