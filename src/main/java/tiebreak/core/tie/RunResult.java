package tiebreak.core.tie;

import java.io.Serializable;
import java.util.List;
import tiebreak.core.spec.RunSpec;

/**
 * What one run measured. {@code divergeStep} and {@code growthRate} are null when undefined (protocol,
 * "Measurements"); {@code finalAccuracy} is null for tasks without classes; {@code error} is the message of a
 * {@code failed} run; {@code duplication} is what a duplicated unit's start measured of its narrow net, null
 * for any other start.
 */
public record RunResult(
        RunSpec spec,
        Outcome outcome,
        double distStart,
        double distEnd,
        double relEnd,
        Integer divergeStep,
        Double growthRate,
        double finalLoss,
        Double finalAccuracy,
        long wallMs,
        String error,
        List<Checkpoint> checkpoints,
        Duplication duplication) implements Serializable {

    public RunResult {
        checkpoints = List.copyOf(checkpoints);
    }

    /**
     * The growth rate the split-direction Hessian predicts over the checkpoints {@code growthRate} fits; null
     * where either is undefined (docs/split-hessian.md).
     */
    public Double predictedGrowth() {
        return checkpoints.isEmpty() ? null : Measurements.predictedGrowth(checkpoints, spec.delta());
    }

    public static RunResult failed(RunSpec spec, long wallMs, Throwable error) {
        String message = error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        return new RunResult(spec, Outcome.FAILED, Double.NaN, Double.NaN, Double.NaN, null, null, Double.NaN, null,
                wallMs, message, List.of(), null);
    }
}
