package tiebreak.spark;

import java.util.ArrayList;
import java.util.List;
import tiebreak.core.plan.WorkEstimate;
import tiebreak.sweep.Sweep;

/**
 * Cuts a sweep's run ranges into consecutive pieces of equal estimated work ({@link WorkEstimate}, plus
 * {@link WorkEstimate#PER_RUN_SECONDS} a run), in two streaming passes over the ranges (the total, then the
 * cut, each piece handed on as it is made): the memory is that of a piece, not of the runs. A run's estimate does not depend on its seed, so it is computed once a
 * condition. The same cut for the same sweep, ranges and piece count, whatever the machine.
 */
final class WorkCuts {
    private final Sweep sweep;
    private final int seeds;
    private long condition = -1;
    private double perRun;

    WorkCuts(Sweep sweep) {
        this.sweep = sweep;
        this.seeds = sweep.seeds().size();
    }

    /** Estimated core seconds of each run of the condition of run {@code index} (the last one remembered). */
    double perRun(long index) {
        long c = index / seeds;
        if (c != condition) {
            condition = c;
            double seconds = WorkEstimate.of(sweep.conditionRun(c)).seconds() + WorkEstimate.PER_RUN_SECONDS;
            // an estimate that is not a positive number would never fill a piece: count such runs as the cheapest
            perRun = seconds > 0 && Double.isFinite(seconds) ? seconds : WorkEstimate.PER_RUN_SECONDS;
        }
        return perRun;
    }

    /** The estimated work of the ranges. */
    double total(List<RunRange> ranges) {
        double[] sum = {0};
        forEachSegment(ranges, (from, to, p) -> sum[0] += (to - from) * p);
        return sum[0];
    }

    /**
     * The ranges cut into {@code pieces} pieces of about equal work, in order; a piece holds at most
     * {@code maxRuns} runs (more pieces follow where that cuts one short) and at least one run.
     */
    List<List<RunRange>> cut(List<RunRange> ranges, int pieces, long maxRuns) {
        List<List<RunRange>> out = new ArrayList<>();
        cut(ranges, total(ranges), pieces, maxRuns, out::add);
        return out;
    }

    /** The same cut, each piece handed to {@code each} as it is made, of ranges whose work is {@code whole}. */
    void cut(List<RunRange> ranges, double whole, int pieces, long maxRuns, java.util.function.Consumer<List<RunRange>> each) {
        Cutter cutter = new Cutter(whole, pieces, maxRuns, each);
        forEachSegment(ranges, cutter::add);
        cutter.finish();
    }

    private interface Segment {
        void accept(long from, long to, double perRun);
    }

    /** Each stretch of the ranges within one condition, with its runs' estimate. */
    private void forEachSegment(List<RunRange> ranges, Segment action) {
        for (RunRange r : ranges) {
            for (long from = r.from(); from < r.to(); ) {
                long to = Math.min(r.to(), (from / seeds + 1) * seeds);
                action.accept(from, to, perRun(from));
                from = to;
            }
        }
    }

    private static final class Cutter {
        private final double whole;
        private final int pieces;
        private final long maxRuns;
        private final java.util.function.Consumer<List<RunRange>> done;
        private List<RunRange> current = new ArrayList<>();
        private long currentRuns;
        private int piece = 1;
        private double work;

        Cutter(double whole, int pieces, long maxRuns, java.util.function.Consumer<List<RunRange>> done) {
            this.whole = whole;
            this.pieces = Math.max(1, pieces);
            this.maxRuns = maxRuns;
            this.done = done;
        }

        void add(long from, long to, double perRun) {
            while (from < to) {
                boolean last = piece >= pieces;
                // piece c ends where the work so far first reaches c/pieces of the whole (less a part in 10^12,
                // against the rounding of the sums: 500 equal runs are half of 1,000)
                double target = whole * piece / pieces * (1 - 1e-12);
                long take = last ? to - from
                        : work >= target ? 0 : (long) Math.min(to - from, Math.ceil((target - work) / perRun));
                if (take == 0 && currentRuns == 0) {
                    take = 1;
                }
                take = Math.min(take, maxRuns - currentRuns);
                if (take > 0) {
                    append(from, from + take);
                    work += take * perRun;
                    from += take;
                }
                if (currentRuns == maxRuns || (!last && work >= target)) {
                    close();
                }
            }
        }

        private void append(long from, long to) {
            RunRange tail = current.isEmpty() ? null : current.get(current.size() - 1);
            if (tail != null && tail.to() == from) {
                current.set(current.size() - 1, new RunRange(tail.from(), to));
            } else {
                current.add(new RunRange(from, to));
            }
            currentRuns += to - from;
        }

        private void close() {
            if (currentRuns > 0) {
                done.accept(List.copyOf(current));
                current = new ArrayList<>();
                currentRuns = 0;
            }
            piece++;
        }

        void finish() {
            if (currentRuns > 0) {
                done.accept(List.copyOf(current));
            }
        }
    }
}
