package tiebreak.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tiebreak.core.spec.TaskSpec;

/** The user's pages say what the code does: every key documented, the examples real, every link alive. */
class DocsTest {
    static final Path ROOT = Path.of("").toAbsolutePath();

    @TempDir
    Path dir;

    /** Every key the sweep file's reader accepts has its row in docs/sweep-files.md; every task its parameters. */
    @Test
    void everyKeyTheReaderAccepts_isDocumented() throws Exception {
        String doc = Files.readString(ROOT.resolve("docs/sweep-files.md"));
        List<String> keys = new ArrayList<>(SweepFile.TOP_KEYS);
        keys.addAll(Setting.keys());
        for (String key : keys) {
            assertTrue(doc.contains("\n| `" + key + "` |"), "docs/sweep-files.md has no row for " + key);
        }
        for (String key : SweepFile.SEED_RANGE_KEYS) {
            assertTrue(doc.contains(key + ":"), "the seed range's " + key + " is shown");
        }
        for (TaskSpec.Kind task : TaskSpec.Kind.values()) {
            Matcher row = Pattern.compile("\n\\| `" + task.label() + "` \\|([^|]*)\\|").matcher(doc);
            assertTrue(row.find(), "docs/sweep-files.md has no row for task " + task.label());
            for (String param : task.parameters()) {
                assertTrue(row.group(1).contains("`" + param + "`"), task.label() + " documents " + param);
            }
        }
    }

    /** The page's example is the shipped file, and the README's example is a valid sweep. */
    @Test
    void examples_areRealSweepFiles() throws Exception {
        String doc = Files.readString(ROOT.resolve("docs/sweep-files.md"));
        assertEquals(Files.readString(ROOT.resolve("conf/seed-question.yaml")), firstYaml(doc));
        Path readme = dir.resolve("readme-example.yaml");
        Files.writeString(readme, firstYaml(Files.readString(ROOT.resolve("README.md"))));
        Sweep sweep = SweepFile.read(readme);
        assertEquals(200 * 2 * 2 * 2 * 3, sweep.runCount());
        List<String> shipped;
        try (Stream<Path> conf = Files.list(ROOT.resolve("conf"))) {
            shipped = conf.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        }
        assertTrue(shipped.size() >= 7, "the sweep files of conf/: " + shipped);
        for (String file : shipped) {     // every sweep file shipped is in the README's table, and reads
            assertTrue(Files.readString(ROOT.resolve("README.md")).contains("`" + file + "`"), file);
            SweepFile.read(ROOT.resolve("conf/" + file));
        }
    }

    /** Every relative link of README.md and docs/ points at a file of the repository, none outside it. */
    @Test
    void links_resolveInsideTheRepository() throws Exception {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
        }
        Pattern link = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");
        for (Path page : pages) {
            String text = Files.readString(page);
            assertFalse(text.contains("../shared"), page + " links ../shared, which users do not have");
            Matcher m = link.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue;
                }
                Path resolved = page.getParent().resolve(target).normalize();
                assertTrue(resolved.startsWith(ROOT) && Files.exists(resolved), page.getFileName() + " links " + target);
            }
        }
    }

    private static String firstYaml(String markdown) {
        int start = markdown.indexOf("```yaml\n") + "```yaml\n".length();
        return markdown.substring(start, markdown.indexOf("```", start));
    }
}
