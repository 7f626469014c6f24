package tiebreak.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The training step allocates nothing: every buffer is shaped once per run. */
class AllocationTest {

    @Test
    void trainingStep_allocatesNoBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (Activation activation : Activation.values()) {
            Trainer trainer = new Trainer();
            trainer.prepare(Specs.spec(List.of(4, 16, 7, 1), activation, TieMode.IN_OUT, 1000, 1));
            for (int s = 0; s < 200; s++) {
                trainer.step(0.05); // warm up, so that class loading and the like are behind us
            }
            long before = threads.getThreadAllocatedBytes(thread);
            for (int s = 0; s < 500; s++) {
                trainer.step(0.05);
            }
            long after = threads.getThreadAllocatedBytes(thread);
            assertEquals(0, after - before, activation + ": bytes allocated by 500 steps");
        }
    }
}
