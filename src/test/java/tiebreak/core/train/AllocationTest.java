package tiebreak.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import tiebreak.core.Specs;
import tiebreak.core.net.Activation;
import tiebreak.core.net.InitScheme;
import tiebreak.core.spec.TaskSpec;
import tiebreak.core.spec.TieMode;

/**
 * The training step allocates nothing: every buffer is shaped once per run.
 *
 * <p>The JVM itself occasionally charges a few hundred bytes to the thread while it compiles or
 * deoptimises the loop (seen: 216 to 1,512 bytes in a window, then zeros). So the test times ten windows of
 * 500 steps and asserts that most allocate exactly zero bytes and none allocates as much as one 16-byte
 * object per step, which any allocation in the step itself would exceed in every window.
 */
class AllocationTest {

    @Test
    void trainingStep_allocatesNoBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (Activation activation : Activation.values()) {
            Trainer trainer = new Trainer();
            trainer.prepare(Specs.spec(List.of(4, 16, 7, 1), activation, TieMode.IN_OUT, 1000, 1));
            for (int s = 0; s < 1000; s++) {
                trainer.step(0.05); // warm up: class loading and first compilations behind us
            }
            int zeroWindows = 0;
            for (int window = 0; window < 10; window++) {
                long before = threads.getThreadAllocatedBytes(thread);
                for (int s = 0; s < 500; s++) {
                    trainer.step(0.05);
                }
                long bytes = threads.getThreadAllocatedBytes(thread) - before;
                assertTrue(bytes < 500 * 16, activation + ": " + bytes + " bytes in 500 steps");
                zeroWindows += bytes == 0 ? 1 : 0;
            }
            assertTrue(zeroWindows >= 6, activation + ": only " + zeroWindows + " of 10 windows allocated nothing");
        }
    }

    /** Every perturbation's step too: masks, batches, noise, optimizer state and unit masks are all reused. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"dropout", "minibatch", "momentum", "adam", "rmsprop",
        "weight_decay", "grad_noise", "lr_jitter", "label_noise", "input_noise", "float32", "sequential", "finite-difference"})
    void everyPerturbationsStep_allocatesNoBytes(String perturbation) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        Trainer trainer = new Trainer();
        trainer.prepare(Specs.spec(TaskSpec.teacher(4, 3, 32, 0.0), List.of(6, 5), Activation.TANH, InitScheme.LECUN_NORMAL,
                TieMode.IN_OUT, 1, List.of(0, 1), 1000, 1, Specs.training(perturbation)));
        for (int s = 0; s < 300; s++) {
            trainer.step(0.05);
        }
        int zeroWindows = 0;
        for (int window = 0; window < 10; window++) {
            long before = threads.getThreadAllocatedBytes(thread);
            for (int s = 0; s < 100; s++) {
                trainer.step(0.05);
            }
            long bytes = threads.getThreadAllocatedBytes(thread) - before;
            assertTrue(bytes < 100 * 16, perturbation + ": " + bytes + " bytes in 100 steps");
            zeroWindows += bytes == 0 ? 1 : 0;
        }
        assertTrue(zeroWindows >= 6, perturbation + ": only " + zeroWindows + " of 10 windows allocated nothing");
    }

    @Test
    void perStepAllocation_wouldBeCaught() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        Object[] sink = new Object[500];
        for (int s = 0; s < 500; s++) {
            sink[s] = new double[1]; // the smallest allocation a careless step could make
        }
        long bytes = threads.getThreadAllocatedBytes(thread) - before;
        assertTrue(bytes >= 500 * 16, "the meter sees " + bytes + " bytes");
        assertEquals(500, sink.length);
    }
}
