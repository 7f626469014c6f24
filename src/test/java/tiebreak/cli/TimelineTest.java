package tiebreak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {
    @Test
    void marksComeInTimeOrderWithTheTimeSinceTheOneBefore() {
        Timeline timeline = new Timeline();
        long now = System.nanoTime();
        timeline.at("second", now + 2_500_000_000L);
        timeline.at("first", now + 1_000_000_000L);
        timeline.at("never happened", 0);
        List<String> lines = timeline.render().lines().toList();
        assertEquals(4, lines.size(), timeline.render());
        assertTrue(lines.get(1).endsWith("JVM started"), lines.get(1));
        assertTrue(lines.get(2).endsWith("first"), lines.get(2));
        assertTrue(lines.get(3).matches(" +[0-9.]+ +\\+1\\.50  second"), lines.get(3));
        double first = Double.parseDouble(lines.get(2).trim().split(" +")[0]);
        double jvmAge = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
        assertEquals(jvmAge + 1.0, first, 0.5, "counted from the JVM's start");
    }
}
