package tiebreak.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code from} (inclusive) to {@code to} (exclusive) of a sweep, by index ({@link tiebreak.sweep.Sweep#run}):
 * what the driver keeps of the runs it hands out, instead of their specs.
 */
public record RunRange(long from, long to) implements Serializable {
    public RunRange {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("no run range " + from + ".." + to);
        }
    }

    public long size() {
        return to - from;
    }

    /** The number of runs in the ranges. */
    public static long count(List<RunRange> ranges) {
        long n = 0;
        for (RunRange r : ranges) {
            n += r.size();
        }
        return n;
    }

    /** The ranges sorted, with touching and overlapping ones merged and empty ones dropped. */
    public static List<RunRange> merged(List<RunRange> ranges) {
        List<RunRange> sorted = new ArrayList<>(ranges);
        sorted.sort(java.util.Comparator.comparingLong(RunRange::from));
        List<RunRange> out = new ArrayList<>();
        for (RunRange r : sorted) {
            if (r.size() == 0) {
                continue;
            }
            RunRange last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && r.from <= last.to) {
                out.set(out.size() - 1, new RunRange(last.from, Math.max(last.to, r.to)));
            } else {
                out.add(r);
            }
        }
        return out;
    }
}
