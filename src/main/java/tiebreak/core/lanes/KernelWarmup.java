package tiebreak.core.lanes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tiebreak.core.spec.RunSpec;

/**
 * Compiles the lane kernel before the first task needs it. From cold, the first batch of a sweep runs
 * interpreted until the JIT's optimising compiler has the vector code (1.7 s against 31 ms for the batches
 * after it, one core, conf/bench.yaml), and every task thread that starts cold pays it; code that runs once
 * per batch (set-up, measurements) only gets there after thousands of batches, which is most of a sweep of
 * short runs. In local mode the executors are this JVM, and while Spark's session starts and plans the first
 * job one of the cores is idle: training a batch of the sweep's own runs there, over and over, and discarding the results, moves that compilation off the tasks' path. It stops once the batches
 * stop getting faster, so as not to slow the session's own start. Results cannot
 * change: a run's result depends only on its spec.
 */
public final class KernelWarmup {
    /** Longest the warm-up trains for, whatever happens: a session that does not start should not hold a core. */
    /** {@code -Dtiebreak.warmup=false} turns the warm-up off (to measure what it saves). */
    public static final String PROPERTY = "tiebreak.warmup";
    static final long MAX_NANOS = 5_000_000_000L;
    /** Shortest warm-up: the batches of short runs speed up gradually, as per-batch code gets compiled. */
    static final long MIN_NANOS = 1_000_000_000L;

    private final Thread thread;
    private volatile boolean stopped;
    private volatile int batches;
    private volatile long endNanos;

    private KernelWarmup(List<RunSpec> batch) {
        thread = new Thread(() -> warm(batch), "tiebreak-kernel-warmup");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
    }

    /** The first {@link LaneBatch#lanes()} runs of {@code runs} that share a lane key, or none. */
    public static List<RunSpec> batchFrom(List<RunSpec> runs) {
        if (!LaneBatch.available()) {
            return List.of();
        }
        Map<LaneBatch.Key, List<RunSpec>> groups = new LinkedHashMap<>();
        for (RunSpec spec : runs) {
            LaneBatch.Key key = LaneBatch.key(spec);
            if (key == null) {
                continue;
            }
            List<RunSpec> group = groups.computeIfAbsent(key, k -> new ArrayList<>());
            group.add(spec);
            if (group.size() == LaneBatch.lanes()) {
                return group;
            }
        }
        return List.of();
    }

    /**
     * Starts training {@link #batchFrom}'s batch on a daemon thread of low priority, until the kernel looks
     * compiled or {@link #stop()}; null if {@code runs} hold no batch for the lanes or the warm-up is off.
     */
    public static KernelWarmup start(List<RunSpec> runs) {
        List<RunSpec> batch = batchFrom(runs);
        if (batch.isEmpty() || !Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) {
            return null;
        }
        KernelWarmup warmup = new KernelWarmup(batch);
        warmup.thread.start();
        return warmup;
    }

    /** Ends the warm-up after the batch it is training, if it has not ended already. */
    public void stop() {
        stopped = true;
    }

    /** System.nanoTime() when the warm-up ended, 0 while it trains. */
    public long endNanos() {
        return endNanos;
    }

    /** Batches trained so far. */
    public int batches() {
        return batches;
    }

    /** Waits for the thread to end (after {@link #stop()}); for tests. */
    void join() throws InterruptedException {
        thread.join();
    }

    private void warm(List<RunSpec> batch) {
        try {
            train(batch);
        } finally {
            endNanos = System.nanoTime();
        }
    }

    private void train(List<RunSpec> batch) {
        LaneTrainer trainer = new LaneTrainer();
        long start = System.nanoTime();
        long previous = 0;
        while (!stopped) {
            long batchStart = System.nanoTime();
            trainer.train(batch);
            batches++;
            long now = System.nanoTime();
            if (now - start >= MAX_NANOS || compiled(now - start, now - batchStart, previous)) {
                return;
            }
            previous = now - batchStart;
        }
    }

    /**
     * Whether the kernel looks compiled: after {@link #MIN_NANOS} of warm-up, a batch less than 20% faster
     * than the one before it ({@code previous}, 0 for none). Training on after that would only take the core
     * from Spark's start.
     */
    static boolean compiled(long elapsed, long last, long previous) {
        return elapsed >= MIN_NANOS && previous > 0 && 5 * last >= 4 * previous;
    }
}
