package tiebreak.spark;

import java.io.Serializable;
import org.apache.spark.util.KnownSizeEstimation;
import tiebreak.core.tie.RunResult;

/**
 * A run's result as a chunk caches it between its two writes (runs, then trajectories), with its run id
 * hashed once for both, and its size stated rather than measured: Spark's memory store otherwise walks the
 * object graph of sampled results (SizeEstimator, reflection over every field of the spec and each
 * checkpoint), which took a sixth of the executors' time in 50,000 one-step runs. Spark's
 * {@link KnownSizeEstimation} is the hook for that; the figure feeds only the store's accounting (when to
 * spill to disk), so it need only be near: {@code CachedResultTest} holds it within a factor of 2 of
 * SizeEstimator's own.
 */
final class CachedResult implements Serializable, KnownSizeEstimation {
    /** Bytes of a result without checkpoints (spec, measures, strings), and per checkpoint: SizeEstimator's figures for an [8, 16, 1] teacher run (1,960 bytes with 3 checkpoints, 10,624 with 117), plus the 48 bytes of the six split-Hessian doubles each checkpoint has since. */
    static final long BASE_BYTES = 1_800;
    static final long CHECKPOINT_BYTES = 124;

    final RunResult result;
    final String runId;

    CachedResult(RunResult result) {
        this.result = result;
        this.runId = result.spec().runId();
    }

    @Override
    public long estimatedSize() {
        return BASE_BYTES + CHECKPOINT_BYTES * result.checkpoints().size();
    }
}
