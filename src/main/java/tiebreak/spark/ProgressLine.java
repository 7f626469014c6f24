package tiebreak.spark;

import java.io.PrintStream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.LongAccumulator;

/**
 * A live "runs done / total" line, updated as tasks end (the accumulator's driver value is merged before
 * the listener hears of the task). On a terminal the line is rewritten in place; otherwise a line is
 * printed at every tenth of the sweep.
 */
final class ProgressLine extends SparkListener {
    private final LongAccumulator runsDone;
    private final long alreadyDone;
    private final long total;
    private final PrintStream out;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private long lastTenth = -1;

    ProgressLine(LongAccumulator runsDone, long alreadyDone, long total, PrintStream out, boolean terminal) {
        this.runsDone = runsDone;
        this.alreadyDone = alreadyDone;
        this.total = total;
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        long done = Math.min(alreadyDone + runsDone.value(), total);
        long tenth = total == 0 ? 10 : done * 10 / total;
        if (terminal) {
            out.print("\r" + text(done));
            out.flush();
        } else if (tenth > lastTenth) {
            out.println(text(done));
            lastTenth = tenth;
        }
    }

    /** Ends the line on a terminal so that what follows starts on a fresh one. */
    synchronized void finish() {
        if (terminal) {
            out.println();
        }
    }

    private String text(long done) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double percent = total == 0 ? 100.0 : 100.0 * done / total;
        return String.format("runs %d/%d (%.0f%%), %.0f s", done, total, percent, seconds);
    }
}
