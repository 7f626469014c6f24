package tiebreak.core.lanes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tiebreak.cli.ChildDriver;
import tiebreak.core.net.Activation;
import tiebreak.core.net.InitScheme;
import tiebreak.core.spec.OptimizerSpec;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.TaskSpec;
import tiebreak.core.spec.TieMode;
import tiebreak.core.spec.Training;
import tiebreak.core.tie.RunResult;
import tiebreak.core.train.Trainer;

/**
 * Runs within the size limit can still outgrow a small heap: a lane batch that does not fit trains its runs
 * one at a time, with the bits of the scalar trainer; a run that alone does not fit is recorded failed and
 * the runs after it still train. Each case in a child JVM with a small heap.
 */
class OutOfMemoryTest {
    @TempDir
    Path dir;

    /**
     * Eight large runs with dropout and one small one. Trained alone, a large run keeps six 20,000 × 130
     * buffers (125 MB); as a lane batch, one dropout mask of 8 × 20,000 × 130 doubles (166 MB).
     */
    static List<RunSpec> specs() {
        List<RunSpec> specs = new ArrayList<>();
        TaskSpec big = TaskSpec.teacher(8, 4, 20_000, 0);
        Training dropout = new Training(OptimizerSpec.SGD, 0, 0, 0.1, 0, 0, Training.UpdateOrder.SIMULTANEOUS,
                Training.Gradient.BACKPROP, Training.DEFAULT_FD_STEP, Training.Precision.FLOAT64, 0, 0);
        for (long seed = 0; seed < 8; seed++) {
            specs.add(new RunSpec("oom", big, 0, seed, List.of(8, 130, 1), Activation.TANH, InitScheme.LECUN_NORMAL, 1,
                    List.of(0, 1), TieMode.IN, 0, 2, 0.05, 1e-3, 2, dropout, ""));
        }
        specs.add(new RunSpec("oom", TaskSpec.teacher(4, 2, 16, 0), 0, 0, List.of(4, 6, 1), Activation.TANH,
                InitScheme.LECUN_NORMAL, 1, List.of(0, 1), TieMode.IN, 0, 20, 0.05, 1e-3, 4));
        return specs;
    }

    /** The child: trains {@link #specs()} through BatchedRuns and prints one line per result, in input order. */
    public static void main(String[] args) {
        List<RunResult> results = new ArrayList<>();
        new BatchedRuns(specs().iterator()).forEachRemaining(results::add);
        for (RunSpec spec : specs()) {
            RunResult r = results.stream().filter(x -> x.spec().equals(spec)).findFirst().orElseThrow();
            System.out.println(line(r));
        }
    }

    static String line(RunResult r) {
        return r.spec().runId() + " " + r.outcome() + " " + Double.doubleToLongBits(r.finalLoss()) + " " + r.error();
    }

    /**
     * The bits are the scalar trainer's whichever way the runs train, so what this shows is that the child
     * lives: without the fallback the batch's OutOfMemoryError ends the JVM (checked by removing it).
     */
    @Test
    void aBatchTooBigForTheHeap_trainsItsRunsOneByOne_withTheSameBits() throws Exception {
        List<String> lines = child("-Xmx150m");
        Trainer trainer = new Trainer();
        List<String> expected = specs().stream().map(s -> line(trainer.run(s))).toList();
        assertEquals(expected, lines);
        assertTrue(lines.get(0).contains(" DIVERGED "), lines.get(0));
    }

    @Test
    void aRunTooBigForTheHeap_isRecordedFailed_andTheNextRunTrains() throws Exception {
        List<String> lines = child("-Xmx48m");
        for (int i = 0; i < 8; i++) {
            assertTrue(lines.get(i).matches("\\S+ FAILED \\d+.* OutOfMemoryError: the run's arrays \\(about "
                    + "\\S+ MiB\\) did not fit in the task's heap"), lines.get(i));
        }
        assertEquals(line(new Trainer().run(specs().get(8))), lines.get(8), "the small run after them, unharmed");
    }

    private List<String> child(String heap) throws Exception {
        Path log = dir.resolve("child" + heap + ".log");
        // the serial collector and a small young generation: one contiguous old generation of about 140 MB
        Process p = ChildDriver.startMain(OutOfMemoryTest.class.getName(), List.of(heap, "-Xmn8m", "-XX:+UseSerialGC"),
                List.of(), log);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), Files.readString(log));
        return Files.readAllLines(log).stream().filter(l -> l.matches("[0-9a-f]{16} .*")).toList();
    }
}
