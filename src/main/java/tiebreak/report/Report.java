package tiebreak.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;

/**
 * {@code DIR/report/index.html}: one interactive page per result folder, drawn in the browser by Apache
 * ECharts from the data {@link ReportData} collects, inlined in the page. Everything it loads sits beside it
 * (echarts.min.js, report.js, report.css), so it works offline and from a file:// URL.
 */
public final class Report {
    /** The ECharts build inside its WebJar: one self-contained file, and its licence. */
    private static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(title|data)}}");

    private Report() {
    }

    /** Writes the report; returns the path of index.html. */
    public static Path write(SparkSession spark, Path dir, String title) throws IOException {
        String data = new ObjectMapper().writeValueAsString(ReportData.collect(spark, dir, title));
        Path out = dir.resolve("report");
        Files.createDirectories(out);
        copy(ECHARTS + "dist/echarts.min.js", out.resolve("echarts.min.js"));
        copy(ECHARTS + "LICENSE", out.resolve("echarts-LICENSE.txt"));
        copy("tiebreak/report/report.js", out.resolve("report.js"));
        copy("tiebreak/report/report.css", out.resolve("report.css"));
        String page = fill(resource("tiebreak/report/index.html"), escape(title), data);
        Path index = out.resolve("index.html");
        Path partial = out.resolve("index.html.partial");
        Files.writeString(partial, page, StandardCharsets.UTF_8);
        Files.move(partial, index, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return index;
    }

    /**
     * The template with its placeholders filled in one pass, so that a title holding "{{data}}" stays text.
     * In the JSON every "<" becomes its escape: then nothing in a value (a "</script>", a "<!--") can end or
     * change the script element that holds it, and JSON.parse reads the same string back.
     */
    static String fill(String template, String title, String json) {
        String data = json.replace("<", "\\u003c");
        return PLACEHOLDER.matcher(template).replaceAll(m -> Matcher.quoteReplacement(
                m.group(1).equals("title") ? title : data));
    }

    private static void copy(String resource, Path to) throws IOException {
        try (InputStream in = open(resource)) {
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String resource(String name) {
        try (InputStream in = open(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String name) throws IOException {
        InputStream in = Report.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("missing resource " + name + " (a build without the report's files?)");
        }
        return in;
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
