package tiebreak.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The training core is plain Java: no Spark, Scala or Hadoop import, so it is tested in milliseconds. */
class CoreHasNoSparkTest {

    @Test
    void coreSources_importNoSpark() throws IOException {
        Path core = Path.of("src/main/java/tiebreak/core");
        List<Path> sources;
        try (Stream<Path> files = Files.walk(core)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertTrue(sources.size() > 10, "found the core sources");
        List<String> offenders = sources.stream().filter(CoreHasNoSparkTest::usesSpark).map(Path::toString).toList();
        assertEquals(List.of(), offenders);
    }

    private static boolean usesSpark(Path source) {
        try {
            String text = Files.readString(source);
            return text.matches("(?s).*\\b(org\\.apache\\.(spark|hadoop)|scala\\.)\\S*.*");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
