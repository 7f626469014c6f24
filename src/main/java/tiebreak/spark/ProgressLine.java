package tiebreak.spark;

import java.io.PrintStream;
import java.util.Locale;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.util.LongAccumulator;

/**
 * A live "runs done / total" line with the rate and the time left, updated as tasks end (the accumulator's
 * driver value is merged before the listener hears of the task). On a terminal the line is rewritten in
 * place; otherwise a line is printed at every tenth of the sweep. The rate counts this session's runs from
 * the first task's start, so a resumed sweep's committed runs do not inflate it.
 */
final class ProgressLine extends SparkListener {
    /**
     * The local property that marks a job whose tasks train (the runs write of a chunk; the trajectories
     * write reads the cached results): the tail is measured on these tasks alone.
     */
    static final String TRAINING = "tiebreak.training";
    private final java.util.Set<Integer> trainingStages = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final LongAccumulator runsDone;
    private final long alreadyDone;
    private final long total;
    private final PrintStream out;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private long lastTenth = -1;
    private long firstTaskNanos;
    private long lastTaskEndNanos;
    private final Tail tail = new Tail();
    private long shown;

    ProgressLine(LongAccumulator runsDone, long alreadyDone, long total, PrintStream out, boolean terminal) {
        this.runsDone = runsDone;
        this.alreadyDone = alreadyDone;
        this.total = total;
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void onStageSubmitted(org.apache.spark.scheduler.SparkListenerStageSubmitted submitted) {
        java.util.Properties properties = submitted.properties();
        if (properties != null && "true".equals(properties.getProperty(TRAINING))) {
            trainingStages.add(submitted.stageInfo().stageId());
        }
    }

    @Override
    public synchronized void onTaskStart(SparkListenerTaskStart taskStart) {
        if (firstTaskNanos == 0) {
            firstTaskNanos = System.nanoTime();
        }
        if (trainingStages.contains(taskStart.stageId())) {
            tail.started();
        }
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        long now = System.nanoTime();
        lastTaskEndNanos = now;
        if (trainingStages.contains(taskEnd.stageId())) {
            tail.ended(now);
        }
        long done = Math.min(alreadyDone + runsDone.value(), total);
        shown = done;
        notifyAll();
        long tenth = total == 0 ? 10 : done * 10 / total;
        if (terminal) {
            out.print("\r" + text(done, now) + "\033[K");
            out.flush();
        } else if (tenth > lastTenth) {
            out.println(text(done, now));
            lastTenth = tenth;
        }
    }

    /**
     * Waits, at most {@code timeoutMillis}, until the line has heard of the task that finished the
     * {@code done}-th run: Spark tells listeners on a thread of its own, after the jobs have returned, and
     * events still queued when the listener is removed are lost (the last line, the last task's end).
     * Whether it had.
     */
    synchronized boolean awaitShown(long done, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        long target = Math.min(done, total);
        while (shown < target) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** Ends the line on a terminal so that what follows starts on a fresh one. */
    synchronized void finish() {
        if (terminal) {
            out.println();
        }
    }

    /** System.nanoTime() when the first task started, and when the last one ended (0: none yet). */
    synchronized long firstTaskNanos() {
        return firstTaskNanos;
    }

    synchronized long lastTaskEndNanos() {
        return lastTaskEndNanos;
    }

    /**
     * When a core first went idle with no training task left to start: the first training task's end after
     * the last one's start (0: none yet). From there to {@link #lastTrainingEndNanos} is the sweep's tail, the
     * time its last tasks straggle while cores wait.
     */
    synchronized long idleForGoodNanos() {
        return tail.idleForGoodNanos();
    }

    synchronized long lastTrainingEndNanos() {
        return tail.lastEndNanos();
    }

    private String text(long done, long now) {
        return text(done, total, alreadyDone, (now - startNanos) / 1e9,
                firstTaskNanos == 0 ? 0 : (now - firstTaskNanos) / 1e9);
    }

    /**
     * "runs 500/1000 (50%), 5 s, 210 runs/s, about 3 s left": {@code elapsed} since the sweep job began,
     * {@code training} since its first task started; no rate before a run of this session is done.
     */
    static String text(long done, long total, long alreadyDone, double elapsed, double training) {
        double percent = total == 0 ? 100.0 : 100.0 * done / total;
        String line = String.format(Locale.ROOT, "runs %d/%d (%.0f%%), %.0f s", done, total, percent, elapsed);
        long trainedNow = done - alreadyDone;
        if (trainedNow <= 0 || training <= 0) {
            return line;
        }
        double rate = trainedNow / training;
        line += String.format(Locale.ROOT, ", %s runs/s", rate >= 100 ? String.format(Locale.ROOT, "%.0f", rate)
                : String.format(Locale.ROOT, "%.3g", rate));
        return done >= total ? line : line + ", about " + duration((total - done) / rate) + " left";
    }

    /** 42 s, 3 min 20 s, 2 h 05 min. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min " + String.format(Locale.ROOT, "%02d", s % 60) + " s";
        }
        return s / 3600 + " h " + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + " min";
    }
}
