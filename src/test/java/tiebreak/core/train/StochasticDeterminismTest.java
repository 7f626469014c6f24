package tiebreak.core.train;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tiebreak.core.Specs;
import tiebreak.core.net.Activation;
import tiebreak.core.net.InitScheme;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.TaskSpec;
import tiebreak.core.spec.TieMode;
import tiebreak.core.tie.RunResult;

/** Every stochastic perturbation draws from the run's own streams: same spec, same bits, on any trainer. */
class StochasticDeterminismTest {

    @ParameterizedTest
    @ValueSource(strings = {"dropout", "minibatch", "grad_noise", "lr_jitter", "label_noise", "input_noise"})
    void sameSpec_sameBits_whateverRanBefore(String perturbation) {
        RunSpec spec = Specs.spec(TaskSpec.teacher(4, 3, 32, 0.0), List.of(6), Activation.TANH, InitScheme.LECUN_NORMAL,
                TieMode.IN_OUT, 1, List.of(0, 1), 150, 9, Specs.training(perturbation));
        RunSpec other = Specs.spec(TaskSpec.blobs(4, 3, 30, 0.5), List.of(9, 3), Activation.RELU,
                InitScheme.parse("he-normal"), TieMode.IN, 2, List.of(0, 2), 60, 4, Specs.training(perturbation));
        RunResult fresh = new Trainer().run(spec);
        Trainer reused = new Trainer();
        reused.run(other);
        reused.run(spec);
        DeterminismTest.assertSameResult(fresh, reused.run(spec));
    }
}
