package tiebreak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
    static void chromiumAndItsConsole() throws Exception {
        // .ci/run installs Debian's chromium; on a machine without it these tests cannot look at the page
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "needs /usr/bin/chromium (apt-get install chromium)");
        // the control: a page that writes to its console, so "no console message" below means none was written
        Path control = dir.resolve("control.html");
        Files.writeString(control, "<!doctype html><script>console.error('tiebreak control ' + (6 * 7))</script>");
        assertTrue(load(control.toUri().toString(), "control").console().contains("tiebreak control 42"),
                "the console is read");
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

    /** With the split-direction Hessian measured: measured against predicted growth, merged against λ/λ*. */
    @Test
    void whyATieBreaks() throws Exception {
        Path folder = sweep("hessian", """
                name: hessian
                task: {name: teacher, d: 4, m: 2, n: 32}
                seeds: 3
                steps: 40
                lr: 0.05
                widths: [4, 3, 1]
                tie_mode: in+out
                epsilon: 1.0e-6
                split_hessian: true
                grid:
                  weight_decay: [0, 0.5, 3.0]
                """);
        Page page = render(folder, "why-a-tie-breaks");
        page.assertSound(3);
        assertTrue(page.drawn().containsAll(List.of("predicted-chart", "merged-chart")), "both drawn: " + page.drawn());
        JsonNode data = page.readData();
        assertTrue(data.get("predicted").size() > 0, "runs with both growth rates");
        long merged = 0;
        for (JsonNode bin : data.get("merged").get("bins")) {
            merged += bin.get(3).asLong();
        }
        assertEquals(6, merged, "every run with weight decay in a bin of λ/λ*: " + data.get("merged"));
    }

    /** Where variants set ε (and λ), the ε law still groups runs across ε: by what the variants set but ε. */
    @Test
    void theEpsilonLawWhereVariantsSetEpsilon() throws Exception {
        Path folder = sweep("variant-epsilon", """
                name: variant-epsilon
                task: {name: teacher, d: 4, m: 2, n: 32}
                seeds: 3
                steps: 60
                widths: [4, 6, 1]
                tie_mode: in
                variants:
                  - {name: tiny, epsilon: 1.0e-9}
                  - {name: small, epsilon: 1.0e-6}
                  - {name: large, epsilon: 1.0e-3}
                """);
        Page page = render(folder, "variant-epsilon");
        page.assertSound(3);
        assertTrue(page.drawn().contains("epsilon-chart"), "the ε law is drawn: " + page.drawn());
        JsonNode law = page.readData().get("epsilon");
        assertEquals(0, law.get("columns").size(), "one group: the variants set nothing but ε");
        assertEquals(1, law.get("fits").size(), "and its fit across the three ε: " + law);
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

    /** Chromium as the tests run it: headless, the network refused (a proxy nobody serves, no host resolves). */
    private static List<String> chromium(String profile, String window) {
        return new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--window-size=" + window, "--virtual-time-budget=8000",
                "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
                "--user-data-dir=" + dir.resolve("chromium-" + profile)));
    }

    /** Runs Chromium to its end, its output to files; killed, and the test failed, if it hangs. */
    private static void runToEnd(List<String> command, Path out, Path err) throws Exception {
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("chromium did not finish within 120 s: " + command);
        }
        assertEquals(0, p.exitValue(), "chromium's exit code; its log: " + err);
    }

    /** A page as Chromium left it: its DOM at the end, and what it wrote to its console. */
    private record Loaded(String dom, String console) {
    }

    /** Loads the page, with the console logged. */
    private static Loaded load(String url, String name) throws Exception {
        List<String> dump = chromium(name, "1400,1000");
        dump.addAll(List.of("--enable-logging=stderr", "--v=0", "--dump-dom", url));
        Path out = dir.resolve(name + ".dom");
        Path err = dir.resolve(name + ".err");
        runToEnd(dump, out, err);
        String console = String.join("\n", Files.readAllLines(err).stream().filter(l -> l.contains(":CONSOLE")).toList());
        return new Loaded(Files.readString(out), console);
    }

    /** Runs report on the folder, then Chromium on the page (network blocked): its self-check and console. */
    private static Page render(Path folder, String name) throws Exception {
        SweepCommandTest.Result r = SweepCommandTest.run("report", folder.toString());
        assertEquals(0, r.exit(), r.err());
        Path index = folder.resolve("report/index.html").toAbsolutePath();
        Loaded loaded = load(index.toUri() + "#self-check", name);
        String dom = loaded.dom();
        Matcher m = Pattern.compile("<pre id=\"tiebreak-check\"[^>]*>([^<]*)</pre>").matcher(dom);
        assertTrue(m.find(), "the page's self-check ran: " + dom.substring(0, Math.min(2000, dom.length())));
        JsonNode check = new ObjectMapper().readTree(m.group(1).replace("&lt;", "<").replace("&gt;", ">")
                .replace("&quot;", "\"").replace("&amp;", "&"));
        Files.createDirectories(SCREENSHOTS);
        Path png = SCREENSHOTS.resolve(name + ".png").toAbsolutePath();
        List<String> shot = chromium(name, "1400,2400");
        shot.addAll(List.of("--screenshot=" + png, index.toUri().toString()));
        runToEnd(shot, dir.resolve(name + ".shot"), dir.resolve(name + ".shot.err"));
        assertTrue(Files.size(png) > 10_000, "a screenshot with something in it");
        return new Page(folder, check, loaded.console());
    }

    private record Page(Path folder, JsonNode check, String console) {
        /** No errors, every chart drawn, a cell per condition, hover text as in the summary, no sideways scroll. */
        void assertSound(int conditions) {
            assertEquals("", console, "console messages");
            assertEquals(0, check.get("errors").size(), check.toString());
            assertEquals(conditions, check.get("conditions").asInt());
            assertEquals(conditions, check.get("heatmapCells").asInt(), "one heat-map cell per condition, each its own");
            assertEquals(conditions, check.get("tableRows").asInt(), "one table row per condition");
            assertTrue(check.get("charts").size() > 0);
            for (JsonNode chart : check.get("charts")) {
                // an empty canvas is transparent: a drawn chart has axes, labels and marks on a share of it
                assertTrue(chart.get("inked").asDouble() > 0.002, "chart " + chart + " drawn");
            }
            assertTrue(check.get("scrollWidth").asInt() <= 1400, "no sideways scrolling at 1,400 px: " + check);
            assertEquals(expectedCell(check.get("firstKey").asText(), check.get("outcome").asText()),
                    texts(check.get("firstCell")), "the tooltip of the first condition's cell, against its summary row");
        }

        /** The ids of the charts drawn (a heat map's facets as "facet"). */
        List<String> drawn() {
            List<String> ids = new ArrayList<>();
            check.get("charts").forEach(c -> ids.add(c.get("id").asText()));
            return ids;
        }

        /** The summary row of the condition with this key (its axes' values as a JSON array, as the page keys it). */
        private List<String> expectedCell(String key, String outcome) {
            SparkSession spark = SharedSpark.session();
            spark.read().parquet(folder.resolve("summary").toString()).createOrReplaceTempView("report_summary");
            List<String> axes = new ArrayList<>();
            for (JsonNode a : readData().get("axes")) {
                axes.add(a.get("name").asText());
            }
            String keyExpression = axes.isEmpty() ? "'[]'" : "to_json(array("
                    + String.join(", ", axes.stream().map(a -> "string(" + a + ")").toList()) + "))";
            boolean ownInterval = outcome.equals("tied") || outcome.equals("diverged");
            String interval = ownInterval ? outcome + "_ci_low, " + outcome + "_ci_high" : "NULL, NULL";
            List<Row> rows = spark.sql("SELECT n, frac_" + outcome + ", " + interval + " FROM report_summary WHERE "
                    + keyExpression + " = '" + key.replace("\\", "\\\\").replace("'", "\\'") + "'").collectAsList();
            assertEquals(1, rows.size(), "one summary row for " + key);
            Row row = rows.get(0);
            long n = row.getLong(0);
            double low = ownInterval ? row.getDouble(2) : wilson(Math.round(row.getDouble(1) * n), n, -1);
            double high = ownInterval ? row.getDouble(3) : wilson(Math.round(row.getDouble(1) * n), n, 1);
            List<String> values = new ArrayList<>();
            try {
                new ObjectMapper().readTree(key).forEach(v -> values.add(v.asText()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            List<String> named = new ArrayList<>();
            for (int i = 0; i < axes.size(); i++) {
                named.add(axes.get(i) + " = " + values.get(i));
            }
            return List.of(named.isEmpty() ? "all runs" : String.join(", ", named),
                    outcome + ": " + pct(row.getDouble(1)) + " of " + n + " runs",
                    "95% interval (Wilson): " + pct(low) + " – " + pct(high));
        }

        /** A bound of Wilson's 95% score interval for k of n (the summary's own formula, z = 1.959963984540054). */
        private static double wilson(long k, long n, int side) {
            double z = 1.959963984540054;
            double p = (double) k / n;
            double d = 1 + z * z / n;
            double centre = (p + z * z / (2 * n)) / d;
            double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / d;
            return side < 0 ? Math.max(0, centre - half) : Math.min(1, centre + half);
        }

        private JsonNode readData() {
            try {
                String html = Files.readString(folder.resolve("report/index.html"));
                Matcher m = Pattern.compile("<script type=\"application/json\" id=\"tiebreak-data\">(.*?)</script>",
                        Pattern.DOTALL).matcher(html);
                assertTrue(m.find());
                return new ObjectMapper().readTree(m.group(1));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** The page's percentages: one decimal, a trailing .0 dropped. */
        private static String pct(double v) {
            return String.format(Locale.ROOT, "%.1f", 100 * v).replaceAll("\\.0$", "") + "%";
        }

        private static List<String> texts(JsonNode array) {
            List<String> out = new ArrayList<>();
            array.forEach(n -> out.add(n.asText()));
            return out;
        }
    }
}
