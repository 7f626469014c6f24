package tiebreak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tiebreak.core.train.FaultInjection;
import tiebreak.spark.SharedSpark;

/**
 * report: the interactive page, rendered in headless Chromium with the network blocked. Its own script writes
 * back what it drew (report.js, the self-check); these tests hold that against the summary table: no errors,
 * every chart container holding a rendered chart, one heat-map cell per condition, the hover text of a cell
 * matching its summary row, nothing wider than a 1,400-pixel window. Screenshots go to
 * target/report-screenshots/ for people to look at.
 */
class ReportCommandTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SCREENSHOTS = Path.of("target", "report-screenshots");

    @TempDir
    static Path dir;

    @BeforeAll
    static void chromium() {
        // .ci/run installs Debian's chromium; on a machine without it these tests cannot look at the page
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "needs /usr/bin/chromium (apt-get install chromium)");
    }

    /** The 264 conditions: 3 activations × 2 widths × 4 tie modes × 11 variants, 2 seeds each. */
    @Test
    void manyConditions_fitTheWindowWithOneCellEach() throws Exception {
        Path folder = sweep("many", """
                name: many
                task: {name: teacher, d: 4, m: 2, n: 32}
                seeds: 2
                steps: 30
                epsilon: 1.0e-6
                grid:
                  activation: [tanh, relu, sigmoid]
                  widths: [[4, 6, 1], [4, 12, 1]]
                  tie_mode: [none, in, out, in+out]
                variants:
                  - {name: plain}
                  - {name: adam, optimizer: adam}
                  - {name: momentum, optimizer: "momentum:0.9"}
                  - {name: dropout, dropout: 0.1}
                  - {name: minibatch, batch_size: 8}
                  - {name: decay, weight_decay: 1.0e-3}
                  - {name: grad-noise, grad_noise: 1.0e-4}
                  - {name: jitter, lr_jitter: 0.1}
                  - {name: sequential, update_order: sequential}
                  - {name: float32, precision: float32}
                  - {name: label-noise, label_noise: 0.01}
                """);
        Page page = render(folder, "264-conditions");
        page.assertSound(264);
        assertEquals(6 + 3, page.check.get("charts").size(), "six facets, distance, loss, growth: " + page.check);
        assertTrue(page.check.get("headline").get(0).asText().startsWith("tie_mode = "),
                "the axis that separates outcomes most leads the headline: " + page.check.get("headline"));
    }

    /** The seed question's 48 conditions, 2 seeds each. */
    @Test
    void theSeedQuestion() throws Exception {
        Path out = dir.resolve("seed-question");
        SweepCommandTest.Result r = SweepCommandTest.run("sweep", "conf/seed-question.yaml", "--seeds", "2", "--out",
                out.toString(), "--master", SharedSpark.MASTER);
        assertEquals(0, r.exit(), r.err());
        Page page = render(out, "seed-question");
        page.assertSound(48);
        JsonNode headline = page.check.get("headline");
        assertTrue(headline.size() >= 2, "a sentence per value of the axis that matters most: " + headline);
    }

    @Test
    void oneCondition() throws Exception {
        Path folder = sweep("one", """
                name: one
                task: {name: teacher, d: 4, m: 2, n: 32}
                seeds: 3
                steps: 40
                widths: [4, 6, 1]
                tie_mode: in+out
                epsilon: 1.0e-6
                """);
        Page page = render(folder, "one-condition");
        page.assertSound(1);
        assertTrue(page.check.get("headline").get(0).asText().matches("All runs: \\w+ in 100% of 3 runs.*"),
                page.check.toString());
    }

    @Test
    void everyRunFailed() throws Exception {
        System.setProperty(FaultInjection.PROPERTY, "0");
        Path folder;
        try {
            folder = sweep("failed", """
                    name: failed
                    task: {name: teacher, d: 4, m: 2, n: 32}
                    seeds: 1
                    steps: 20
                    widths: [4, 6, 1]
                    grid:
                      tie_mode: [in, in+out]
                    """);
        } finally {
            System.clearProperty(FaultInjection.PROPERTY);
        }
        Page page = render(folder, "every-run-failed");
        page.assertSound(2);
        assertTrue(page.check.get("headline").toString().contains("failed in 100% of 1 runs"), page.check.toString());
    }

    /** Everything the page loads is in its folder: no address outside it in the page or its own files. */
    @Test
    void thePageNeedsNoNetwork() throws Exception {
        Path folder = sweep("offline", """
                name: offline
                task: {name: teacher, d: 4, m: 2, n: 32}
                seeds: 2
                steps: 20
                widths: [4, 6, 1]
                grid:
                  epsilon: [1.0e-8, 1.0e-4]
                """);
        render(folder, "offline").assertSound(2);
        Path report = folder.resolve("report");
        String html = Files.readString(report.resolve("index.html"));
        Matcher loads = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
        List<String> targets = loads.results().map(m -> m.group(1)).toList();
        assertEquals(List.of("report.css", "echarts-LICENSE.txt", "echarts.min.js", "report.js"), targets);
        for (String target : targets) {
            assertTrue(Files.size(report.resolve(target)) > 0, target);
        }
        for (String own : List.of("report.js", "report.css")) {
            assertFalse(Files.readString(report.resolve(own)).matches("(?s).*https?://.*"), own + " names no address");
        }
        assertEquals(2, SweepCommandTest.run("report", dir.resolve("nothing").toString()).exit());
    }

    private static Path sweep(String name, String yaml) throws IOException {
        Path config = dir.resolve(name + ".yaml");
        Files.writeString(config, yaml);
        Path out = dir.resolve(name);
        SweepCommandTest.Result r = SweepCommandTest.run("sweep", config.toString(), "--out", out.toString(),
                "--master", SharedSpark.MASTER);
        assertEquals(0, r.exit(), r.err());
        return out;
    }

    /** Runs report on the folder, then Chromium on the page (network blocked): its self-check and console. */
    private static Page render(Path folder, String name) throws Exception {
        SweepCommandTest.Result r = SweepCommandTest.run("report", folder.toString());
        assertEquals(0, r.exit(), r.err());
        Path index = folder.resolve("report/index.html").toAbsolutePath();
        Files.createDirectories(SCREENSHOTS);
        List<String> common = List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--window-size=1400,1000", "--virtual-time-budget=8000", "--proxy-server=127.0.0.1:9",
                "--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=" + dir.resolve("chromium-" + name));
        List<String> dump = new ArrayList<>(common);
        dump.addAll(List.of("--enable-logging=stderr", "--v=0", "--dump-dom", index.toUri().toString()));
        Process p = new ProcessBuilder(dump).redirectError(dir.resolve(name + ".err").toFile()).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "chromium exits");
        List<String> console = Files.readAllLines(dir.resolve(name + ".err")).stream()
                .filter(l -> l.contains(":CONSOLE")).toList();
        Matcher m = Pattern.compile("<pre id=\"tiebreak-check\"[^>]*>([^<]*)</pre>").matcher(dom);
        assertTrue(m.find(), "the page's self-check ran: " + dom.substring(0, Math.min(2000, dom.length())));
        JsonNode check = new ObjectMapper().readTree(m.group(1).replace("&amp;", "&").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&quot;", "\""));
        List<String> shot = new ArrayList<>(common);
        shot.set(4, "--window-size=1400,2400");
        shot.addAll(List.of("--screenshot=" + SCREENSHOTS.resolve(name + ".png").toAbsolutePath(), index.toUri().toString()));
        Process s = new ProcessBuilder(shot).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".shot").toFile())
                .start();
        assertTrue(s.waitFor(60, TimeUnit.SECONDS) && s.exitValue() == 0, "the screenshot");
        assertTrue(Files.size(SCREENSHOTS.resolve(name + ".png")) > 10_000, "a screenshot with something in it");
        return new Page(folder, check, console);
    }

    private record Page(Path folder, JsonNode check, List<String> console) {
        /** No errors, every chart drawn, a cell per condition, hover text as in the summary, no sideways scroll. */
        void assertSound(int conditions) {
            assertEquals(List.of(), console, "console messages");
            assertEquals(0, check.get("errors").size(), check.toString());
            assertEquals(conditions, check.get("conditions").asInt());
            assertEquals(conditions, check.get("heatmapCells").asInt(), "one heat-map cell per condition");
            assertEquals(conditions, check.get("tableRows").asInt(), "one table row per condition");
            assertTrue(check.get("charts").size() > 0);
            for (JsonNode chart : check.get("charts")) {
                assertTrue(chart.get("rendered").asBoolean(), "chart " + chart + " rendered");
            }
            assertTrue(check.get("scrollWidth").asInt() <= 1400, "no sideways scrolling at 1,400 px: " + check);
            assertEquals(expectedCell(check.get("firstKey").asText()), texts(check.get("firstCell")).subList(1, 3),
                    "the hover text of the first condition's cell, against its summary row");
        }

        /** The summary row of the condition with this key (its varying columns' values, as the page joins them). */
        private List<String> expectedCell(String key) {
            SparkSession spark = SharedSpark.session();
            spark.read().parquet(folder.resolve("summary").toString()).createOrReplaceTempView("report_summary");
            List<String> axes = new ArrayList<>();
            for (JsonNode a : readData().get("axes")) {
                axes.add(a.get("name").asText());
            }
            String keyExpression = axes.isEmpty() ? "'all runs'" : "concat_ws(' | ', "
                    + String.join(", ", axes.stream().map(a -> "string(" + a + ")").toList()) + ")";
            List<Row> rows = spark.sql("SELECT n, frac_tied, tied_ci_low, tied_ci_high FROM report_summary WHERE "
                    + keyExpression + " = '" + key.replace("'", "\\'") + "'").collectAsList();
            assertEquals(1, rows.size(), "one summary row for " + key);
            Row row = rows.get(0);
            return List.of("tied: " + pct(row, 1) + " of " + row.getLong(0) + " runs",
                    "95% interval (Wilson): " + pct(row, 2) + " – " + pct(row, 3));
        }

        private JsonNode readData() {
            try {
                String html = Files.readString(folder.resolve("report/index.html"));
                Matcher m = Pattern.compile("<script type=\"application/json\" id=\"tiebreak-data\">(.*?)</script>",
                        Pattern.DOTALL).matcher(html);
                assertTrue(m.find());
                return new ObjectMapper().readTree(m.group(1).replace("<\\/", "</"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** The page's percentages: one decimal, a trailing .0 dropped; a dash for none. */
        private static String pct(Row row, int i) {
            return row.isNullAt(i) ? "–"
                    : String.format(Locale.ROOT, "%.1f", 100 * row.getDouble(i)).replaceAll("\\.0$", "") + "%";
        }

        private static List<String> texts(JsonNode array) {
            List<String> out = new ArrayList<>();
            array.forEach(n -> out.add(n.asText()));
            return out;
        }
    }
}
