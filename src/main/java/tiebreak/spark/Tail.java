package tiebreak.spark;

/**
 * A sweep's tail, from the training tasks' starts and ends in the order Spark reports them: it begins when a
 * core first goes idle with no training task left to start (the first end after the last start) and lasts
 * to the last end. A start after an end means that core was not idle for good after all.
 */
final class Tail {
    private long idleForGoodNanos;
    private long lastEndNanos;

    void started() {
        idleForGoodNanos = 0;
    }

    void ended(long nanos) {
        lastEndNanos = nanos;
        if (idleForGoodNanos == 0) {
            idleForGoodNanos = nanos;
        }
    }

    /** When the tail began (0: no task has ended since the last start). */
    long idleForGoodNanos() {
        return idleForGoodNanos;
    }

    long lastEndNanos() {
        return lastEndNanos;
    }
}
