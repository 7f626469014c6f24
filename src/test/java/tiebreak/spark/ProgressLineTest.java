package tiebreak.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    @Test
    void theLineGivesTheRateAndTheTimeLeft() {
        // 500 of 1,000 runs in 5 s of tasks: 100 runs/s, 5 s left
        assertEquals("runs 500/1000 (50%), 6 s, 100 runs/s, about 5 s left", ProgressLine.text(500, 1000, 0, 6.2, 5.0));
        assertEquals("runs 1000/1000 (100%), 11 s, 100 runs/s", ProgressLine.text(1000, 1000, 0, 11, 10));
        assertEquals("runs 3/1000 (0%), 2 s, 2.00 runs/s, about 8 min 19 s left", ProgressLine.text(3, 1000, 0, 2, 1.5));
    }

    @Test
    void aResumedSweepsRateCountsOnlyTheRunsTrainedNow() {
        // 900 runs were committed before: the 100 trained in 10 s make 10 runs/s, so 900 left take 90 s
        assertEquals("runs 1000/1900 (53%), 12 s, 10.0 runs/s, about 1 min 30 s left",
                ProgressLine.text(1000, 1900, 900, 12, 10));
    }

    @Test
    void noRateBeforeARunOfThisSessionIsDone() {
        assertEquals("runs 900/1900 (47%), 3 s", ProgressLine.text(900, 1900, 900, 3, 1));
        assertEquals("runs 0/10 (0%), 1 s", ProgressLine.text(0, 10, 0, 1, 0));
    }

    @Test
    void durationsReadAsSecondsMinutesOrHours() {
        assertEquals("0 s", ProgressLine.duration(0.2));
        assertEquals("59 s", ProgressLine.duration(59.4));
        assertEquals("1 min 00 s", ProgressLine.duration(59.6));
        assertEquals("59 min 59 s", ProgressLine.duration(3599));
        assertEquals("1 h 00 min", ProgressLine.duration(3600));
        assertEquals("27 h 46 min", ProgressLine.duration(100_000));
    }

    @Test
    void theSweepWaitsForTheLineToHearOfTheLastTask() throws Exception {
        LongAccumulator runs = new LongAccumulator();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ProgressLine line = new ProgressLine(runs, 0, 10, out, false);
        runs.add(10);   // the accumulator is merged before the listener hears of the task
        assertFalse(line.awaitShown(10, 50), "no task end heard yet");
        Thread bus = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            line.onTaskEnd(new org.apache.spark.scheduler.SparkListenerTaskEnd(0, 0, "ResultTask",
                    org.apache.spark.Success$.MODULE$, null, null, null));
        });
        bus.start();
        assertTrue(line.awaitShown(10, 5000));
        bus.join();
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("runs 10/10 (100%)"), bytes.toString(StandardCharsets.UTF_8));
        assertTrue(line.lastTaskEndNanos() != 0);
    }

    /** Two cores: tasks end at 1 and 2 while others still start, then at 5 and 9 with none left to start. */
    @Test
    void theTailRunsFromTheFirstEndAfterTheLastStartToTheLastEnd() {
        Tail tail = new Tail();
        tail.started();
        tail.started();
        tail.ended(1);
        tail.started();
        tail.ended(2);
        tail.started();
        assertTrue(tail.idleForGoodNanos() == 0, "a start after each end: no core idle for good yet");
        tail.ended(5);
        tail.ended(9);
        assertTrue(tail.idleForGoodNanos() == 5 && tail.lastEndNanos() == 9,
                tail.idleForGoodNanos() + ".." + tail.lastEndNanos());
    }
}
