package tiebreak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tiebreak.spark.SharedSpark;

/** report: an HTML page whose images exist, decode as PNG and are referenced by the page. */
class ReportCommandTest {
    @TempDir
    Path dir;

    @Test
    void report_writesAPageWithItsCharts() throws Exception {
        Path config = dir.resolve("eps.yaml");
        Files.writeString(config, """
                name: eps
                task: {name: teacher, d: 4, m: 2, n: 32}
                seeds: 4
                steps: 150
                widths: [4, 6, 1]
                grid:
                  tie_mode: [in, in+out]
                  epsilon: [1.0e-8, 1.0e-6, 1.0e-4]
                """);
        Path out = dir.resolve("result");
        assertEquals(0, SweepCommandTest.run("sweep", config.toString(), "--out", out.toString(),
                "--master", SharedSpark.MASTER).exit());
        SweepCommandTest.Result r = SweepCommandTest.run("report", out.toString());
        assertEquals(0, r.exit(), r.err());
        Path index = out.resolve("report/index.html");
        String html = Files.readString(index);
        assertTrue(html.contains("<h1>tiebreak sweep eps</h1>"), html);
        Matcher images = Pattern.compile("<img src=\"([^\"]+)\"").matcher(html);
        List<String> sources = images.results().map(m -> m.group(1)).toList();
        assertEquals(List.of("outcomes.png", "distances.png", "epsilon.png"), sources);
        for (String src : sources) {
            Path png = index.resolveSibling(src);
            assertNotNull(ImageIO.read(png.toFile()), src + " decodes as an image");
            byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 4);
            assertEquals("\u0089PNG", new String(head, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        assertTrue(html.contains("<table>") && html.contains("tied 95% CI"), "the summary table");
        assertEquals(2, SweepCommandTest.run("report", dir.resolve("nothing").toString()).exit());
    }
}
