package tiebreak.cli;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a command's wall time went: named marks on one clock, counted from the JVM's start, printed by
 * {@code sweep --timeline}. Marks taken elsewhere (a task's start, the last task's end) come in as
 * {@link System#nanoTime()} readings.
 */
final class Timeline {
    private record Mark(String what, long nanos) {
    }

    /** System.nanoTime() at the JVM's start, from the runtime bean's start time and the current uptime. */
    private final long jvmStartNanos = System.nanoTime()
            - ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L;
    private final List<Mark> marks = new ArrayList<>();

    /** Marks now. */
    void mark(String what) {
        at(what, System.nanoTime());
    }

    /** Marks a moment read earlier with System.nanoTime(); 0 (never happened) is left out. */
    void at(String what, long nanos) {
        if (nanos != 0) {
            marks.add(new Mark(what, nanos));
        }
    }

    /** One line per mark, in time order: seconds since the JVM started and since the mark before. */
    String render() {
        StringBuilder out = new StringBuilder("timeline (s since the JVM started, and since the line before):\n");
        long previous = jvmStartNanos;
        out.append(String.format(Locale.ROOT, "  %7.2f  %7s  %s%n", 0.0, "", "JVM started"));
        for (Mark mark : marks.stream().sorted(java.util.Comparator.comparingLong(Mark::nanos)).toList()) {
            out.append(String.format(Locale.ROOT, "  %7.2f  %+7.2f  %s%n", (mark.nanos() - jvmStartNanos) / 1e9,
                    (mark.nanos() - previous) / 1e9, mark.what()));
            previous = mark.nanos();
        }
        return out.toString();
    }
}
