package tiebreak.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.spark.sql.SparkSession;

/**
 * {@code DIR/report/index.html}: one interactive page per result folder, drawn in the browser by Apache
 * ECharts from the data {@link ReportData} collects, inlined in the page. Everything it loads sits beside it
 * (echarts.min.js, report.js, report.css), so it works offline and from a file:// URL.
 */
public final class Report {
    /** The ECharts build inside its WebJar: one self-contained file, and its licence. */
    private static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/";

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
        String page = resource("tiebreak/report/index.html")
                .replace("{{title}}", escape(title))
                // inside <script type="application/json">: only "</" could end the element early
                .replace("{{data}}", data.replace("</", "<\\/"));
        Path index = out.resolve("index.html");
        Path partial = out.resolve("index.html.partial");
        Files.writeString(partial, page, StandardCharsets.UTF_8);
        Files.move(partial, index, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return index;
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
