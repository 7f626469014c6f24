package tiebreak.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The training core's packages are layers: each may use only the packages before it in {@link #LAYERS}, so
 * they form no cycle, and every package says what it holds in a package-info.java. Read from the sources:
 * imports and fully qualified names alike.
 */
class CoreLayersTest {
    /** Bottom first. */
    static final List<String> LAYERS = List.of("math", "net", "spec", "task", "tie", "train", "lanes", "plan");
    static final Path CORE = Path.of("src/main/java/tiebreak/core");
    private static final Pattern USE = Pattern.compile("\\btiebreak\\.core\\.(\\w+)\\.[A-Z]");

    @Test
    void eachPackage_usesOnlyThoseBelowIt() throws IOException {
        Map<String, TreeSet<String>> uses = graph();
        assertEquals(new TreeSet<>(LAYERS), new TreeSet<>(uses.keySet()), "the core's packages are the layers");
        List<String> upward = new ArrayList<>();
        uses.forEach((from, targets) -> targets.forEach(to -> {
            if (LAYERS.indexOf(to) >= LAYERS.indexOf(from)) {
                upward.add(from + " -> " + to);
            }
        }));
        assertEquals(List.of(), upward, "imports of a package at or above one's own: " + uses);
    }

    @Test
    void eachPackage_saysWhatItHolds() {
        for (String layer : LAYERS) {
            assertTrue(Files.exists(CORE.resolve(layer).resolve("package-info.java")), layer + " has a package-info.java");
        }
        assertTrue(!Files.exists(CORE.resolve("Trainer.java")), "no class left directly in tiebreak.core");
    }

    /** Package to the other core packages its sources name. */
    static Map<String, TreeSet<String>> graph() throws IOException {
        Map<String, TreeSet<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(CORE)) {
            for (Path source : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String from = CORE.relativize(source.getParent()).toString();
                TreeSet<String> targets = uses.computeIfAbsent(from, k -> new TreeSet<>());
                Matcher m = USE.matcher(Files.readString(source));
                while (m.find()) {
                    if (!m.group(1).equals(from)) {
                        targets.add(m.group(1));
                    }
                }
            }
        }
        return uses;
    }
}
