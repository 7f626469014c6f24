package tiebreak.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tiebreak.core.Specs;
import tiebreak.core.net.Activation;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.TieMode;

class WorkEstimateTest {
    private static RunSpec run(int steps, String training) {
        return Specs.spec(Specs.SMALL_TEACHER, List.of(16), Activation.TANH, tiebreak.core.net.InitScheme.LECUN_NORMAL,
                TieMode.IN_OUT, 1, List.of(0, 1), steps, 0, Specs.training(training));
    }

    @Test
    void theSplitHessianCostsPerCheckpoint_onlyWhereItIsMeasured() {
        RunSpec plain = run(500, "plain");
        RunSpec measured = plain.withTraining(plain.training().withSplitHessian(true));
        double extra = WorkEstimate.of(measured).seconds() - WorkEstimate.of(plain).seconds();
        assertTrue(extra > 0, "measured costs more");
        RunSpec longer = run(5000, "plain");
        double extraLonger = WorkEstimate.of(longer.withTraining(longer.training().withSplitHessian(true))).seconds()
                - WorkEstimate.of(longer).seconds();
        assertTrue(extraLonger > extra, "more steps, more log-spaced checkpoints");
        assertTrue(extraLonger < 2 * extra, "the cost follows the checkpoints, not the steps");
        RunSpec in = Specs.spec(Specs.SMALL_TEACHER, List.of(16), Activation.TANH, tiebreak.core.net.InitScheme.LECUN_NORMAL,
                TieMode.IN, 1, List.of(0, 1), 500, 0, Specs.training("plain"));
        assertEquals(WorkEstimate.of(in).seconds(), WorkEstimate.of(in.withTraining(in.training().withSplitHessian(true))).seconds(),
                "an in tie measures nothing");
    }

    @Test
    void aSweepOfNothingCostsTheFixedPartAndCoresShareTheRest() {
        assertEquals(WorkEstimate.FIXED_SECONDS, WorkEstimate.sweepSeconds(0, 0, 2));
        double onOne = WorkEstimate.sweepSeconds(100, 10_000, 1) - WorkEstimate.FIXED_SECONDS;
        double onFour = WorkEstimate.sweepSeconds(100, 10_000, 4) - WorkEstimate.FIXED_SECONDS;
        assertEquals(onOne / 4, onFour, 1e-9);
        assertEquals(100 + WorkEstimate.WARMUP_SECONDS + 10_000 * WorkEstimate.PER_RUN_SECONDS, onOne, 1e-9,
                "training, the JIT's warm-up and each run's overhead");
        // a sweep with little training warms up for at most twice its training
        assertEquals(WorkEstimate.FIXED_SECONDS + 3 * 0.5, WorkEstimate.sweepSeconds(0.5, 0, 1), 1e-9);
    }

    @Test
    void workGrowsWithStepsAndWithWhatAPerturbationRecomputes() {
        WorkEstimate plain = WorkEstimate.of(run(500, "plain"));
        WorkEstimate twice = WorkEstimate.of(run(1000, "plain"));
        assertTrue(twice.flops() > 1.9 * plain.flops() && twice.flops() < 2.1 * plain.flops(), "checkpoints aside, linear");
        // sequential updates recompute the gradient once per unit of the tie layer and once more: 17 gradients
        WorkEstimate sequential = WorkEstimate.of(run(500, "sequential"));
        assertTrue(sequential.flops() > 10 * plain.flops(), sequential + " against " + plain);
        // finite differences: two losses per parameter per step (in lanes, each the part of a forward pass the
        // parameter reaches: for [4,16,1] 97 parameters, about 21 times a backprop step's work)
        WorkEstimate fd = WorkEstimate.of(run(500, "finite-difference"));
        assertTrue(fd.flops() > 15 * plain.flops() && fd.flops() < 2 * 97 * plain.flops(), fd + " against " + plain);
        assertEquals(0, plain.deviates());
        // cross-entropy evaluates an exp per output of every row of every step (and checkpoint): counted with
        // the activations, on top of the same hidden layer's
        RunSpec blobs = Specs.spec(tiebreak.core.spec.TaskSpec.blobs(4, 2, 32, 1.0), List.of(16), Activation.TANH,
                tiebreak.core.net.InitScheme.LECUN_NORMAL, TieMode.IN_OUT, 1, List.of(0, 1), 500, 0, Specs.training("plain"));
        WorkEstimate ce = WorkEstimate.of(blobs);
        assertTrue(ce.activations() - plain.activations() >= 500 * 32 * 2, ce + " against " + plain);
        assertTrue(WorkEstimate.of(run(500, "input_noise")).deviates() > 0);
    }
}
