package tiebreak.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tiebreak.core.Specs;
import tiebreak.core.net.Activation;
import tiebreak.core.net.GradientCheckTest;
import tiebreak.core.net.InitScheme;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.TaskSpec;
import tiebreak.core.spec.TieMode;
import tiebreak.core.tie.Outcome;
import tiebreak.core.tie.RunResult;

/** gradient: finite-difference. */
class FiniteDifferenceTest {

    @ParameterizedTest
    @EnumSource(value = Activation.class)
    void finiteDifferences_agreeWithBackprop(Activation activation) {
        RunSpec spec = Specs.spec(TaskSpec.teacher(4, 3, 32, 0.0), List.of(6, 5), activation, InitScheme.LECUN_NORMAL,
                TieMode.NONE, 1, List.of(0, 1), 10, 3, Specs.training("finite-difference"));
        Trainer trainer = new Trainer();
        trainer.prepare(spec);
        for (int s = 0; s < 5; s++) {
            trainer.step(spec.lr());
        }
        double[] numeric = GradientCheckTest.flatten(trainer.trainingGradient()).clone();
        double[] analytic = GradientCheckTest.flatten(trainer.gradient());
        double diff = 0;
        double norm = 0;
        for (int e = 0; e < analytic.length; e++) {
            diff += (analytic[e] - numeric[e]) * (analytic[e] - numeric[e]);
            norm += analytic[e] * analytic[e];
        }
        assertTrue(Math.sqrt(diff / norm) < 1e-6, "relative error " + Math.sqrt(diff / norm));
    }

    /**
     * What we found: central differences keep an in+out tie bit for bit for the pair (0, 1) and break it, by
     * about 1e-12, for the pair (1, 4). Perturbing w_i or w_j by h gives two forward passes that differ only
     * in which term of the output sum Σ_u a_u v_u carries the perturbation. For units 0 and 1 those are the
     * first two terms, added first, and a + b == b + a exactly; for units 1 and 4 the perturbed term enters
     * the running sum at a different point, the two sums round differently, the two loss values differ in
     * their last bits, and so do the two "gradients". The split stays far below δ: rounding, not dynamics.
     */
    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"TANH", "RELU", "SIGMOID"})
    void finiteDifferences_keepAdjacentFirstPairTied_butNotAPairApart(Activation activation) {
        for (long seed = 1; seed <= 3; seed++) {
            RunResult adjacent = new Trainer().run(Specs.spec(TaskSpec.teacher(4, 3, 32, 0.0), List.of(6), activation,
                    InitScheme.LECUN_NORMAL, TieMode.IN_OUT, 1, List.of(0, 1), 100, seed, Specs.training("finite-difference")));
            assertEquals(Outcome.TIED, adjacent.outcome());
            RunResult apart = new Trainer().run(Specs.spec(TaskSpec.teacher(4, 3, 32, 0.0), List.of(6), activation,
                    InitScheme.LECUN_NORMAL, TieMode.IN_OUT, 1, List.of(1, 4), 100, seed, Specs.training("finite-difference")));
            assertEquals(Outcome.SPLIT, apart.outcome());
            assertTrue(apart.distEnd() > 0 && apart.relEnd() < 1e-9, "a rounding-level split: " + apart.relEnd());
        }
    }
}
