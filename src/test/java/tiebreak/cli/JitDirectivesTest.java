package tiebreak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** conf/jit-directives.json is a directive file this JVM accepts; a broken one is reported, not installed. */
public class JitDirectivesTest {
    @TempDir
    Path dir;

    @Test
    void theShippedDirectivesInstall() {
        assertEquals("1 compiler directives added", JitDirectives.install(Path.of("conf/jit-directives.json")
                .toAbsolutePath().toString()).trim());
    }

    @Test
    void aBrokenFileIsRefused() throws Exception {
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "[ { match: \"*.*\", c2: { Exclude: maybe } } ]");
        String reply = JitDirectives.install(broken.toString());
        assertFalse(reply.contains("compiler directives added"), reply);
    }

    /** Leaves this JVM's compilers as they were for the other tests. */
    @AfterEach
    void clear() throws Exception {
        ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                "compilerDirectivesClear", new Object[] {new String[0]}, new String[] {String[].class.getName()});
    }
}
