package tiebreak.core.lanes;

import java.util.List;
import tiebreak.core.net.Activation;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.TaskSpec;
import tiebreak.core.spec.Training;

/**
 * Which runs the lane kernel ({@link LaneTrainer}) can train together. Loads no vector class, so it is safe
 * to call on a JVM started without {@code --add-modules jdk.incubator.vector}: there the kernel is simply
 * unavailable and every run takes the scalar path, with the same results.
 */
public final class LaneBatch {
    /** The system property that turns the lane kernel off ({@code -Dtiebreak.kernel=scalar}), for comparisons. */
    public static final String KERNEL_PROPERTY = "tiebreak.kernel";
    private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"scalar".equals(System.getProperty(KERNEL_PROPERTY));

    /**
     * What runs trained in one batch must share; everything else (seeds, init, tie, ε, lr, δ) may differ,
     * except that sequential updates go unit by unit through the tie layer, so theirs is shared
     * ({@code sequentialLayer}, 0 for simultaneous updates).
     */
    public record Key(TaskSpec task, long dataSeed, List<Integer> widths, Activation activation, int steps,
            int checkpoints, Training training, int sequentialLayer) {
    }

    private LaneBatch() {
    }

    /** Whether this JVM has the vector module and the lane kernel is not switched off. */
    public static boolean available() {
        return AVAILABLE;
    }

    /** Runs per batch: the SIMD width in doubles, or 1 without the lane kernel. */
    public static int lanes() {
        return AVAILABLE ? LaneTrainer.LANES : 1;
    }

    /** "lanes×8" or "scalar", for the console and the bench table. */
    public static String describe() {
        return AVAILABLE ? "lanes×" + LaneTrainer.LANES : "scalar";
    }

    /** The run's batch key, or null when only the scalar Trainer can train it. */
    public static Key key(RunSpec spec) {
        if (!AVAILABLE || !supports(spec)) {
            return null;
        }
        return new Key(spec.task(), spec.dataSeed(), spec.widths(), spec.activation(), spec.steps(),
                spec.checkpoints(), spec.training(), spec.training().sequential() ? spec.tieLayer() : 0);
    }

    /**
     * Whether a lane kernel implements everything this run needs. In float64 ({@link LaneTrainer}):
     * mean-squared error, or softmax cross-entropy on a task with classes; backprop or central differences;
     * simultaneous or sequential updates; full batch or minibatches (no larger than the data); any optimizer,
     * weight decay, gradient noise, learning-rate jitter, input and label noise, dropout; every activation. In
     * float32 ({@link FloatLaneTrainer}, sixteen lanes): full-batch backprop on mean-squared error with simultaneous
     * updates, any optimizer and weight decay, no other perturbation, not GELU.
     */
    public static boolean supports(RunSpec spec) {
        Training t = spec.training();
        if (t.float32()) {
            return spec.activation() != Activation.GELU && !spec.task().isClassification() && t.batchSize() == 0
                    && t.inputNoise() == 0 && t.labelNoise() == 0 && t.dropout() == 0 && t.gradNoise() == 0
                    && t.lrJitter() == 0 && !t.sequential() && !t.finiteDifference();
        }
        return t.batchSize() <= spec.task().samples();
    }

    /** Runs per batch of this key: sixteen float lanes for float32, else the doubles of a vector. */
    static int lanes(Key key) {
        return key.training().float32() ? FloatLaneTrainer.LANES : LaneTrainer.LANES;
    }
}
