package tiebreak.core.net;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tiebreak.core.Specs;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.TaskSpec;
import tiebreak.core.spec.TieMode;
import tiebreak.core.spec.Training;
import tiebreak.core.train.Trainer;

/** Backprop gradients against central finite differences of the loss. */
public class GradientCheckTest {

    static Stream<Arguments> nets() {
        List<TaskSpec> tasks = List.of(Specs.SMALL_TEACHER, TaskSpec.blobs(4, 3, 30, 0.7));
        return Stream.of(Activation.values()).flatMap(a -> tasks.stream().flatMap(t -> Stream.of(
                Arguments.of(a, t, List.of(6)),
                Arguments.of(a, t, List.of(5, 3)))));
    }

    @ParameterizedTest(name = "{0} {1} hidden {2}")
    @MethodSource("nets")
    void backprop_matchesCentralDifferences(Activation activation, TaskSpec task, List<Integer> hidden) {
        Trainer trainer = new Trainer();
        RunSpec spec = Specs.spec(task, hidden, activation, InitScheme.LECUN_NORMAL, TieMode.NONE, 1, List.of(0, 1), 10, 3,
                Training.PLAIN);
        List<Integer> widths = spec.widths();
        trainer.prepare(spec);
        for (int s = 0; s < 5; s++) {
            trainer.step(0.05); // away from init, biases non-zero
        }
        Parameters p = trainer.parameters();
        double[] analytic = flatten(copy(trainer.gradient(), widths));
        double[] numeric = new double[analytic.length];
        double h = 1e-6;
        int k = 0;
        for (int l = 0; l < p.layers(); l++) {
            for (DMatrixRMaj m : List.of(p.weight(l), p.bias(l))) {
                for (int e = 0; e < m.getNumElements(); e++) {
                    double saved = m.data[e];
                    m.data[e] = saved + h;
                    double plus = trainer.loss();
                    m.data[e] = saved - h;
                    double minus = trainer.loss();
                    m.data[e] = saved;
                    numeric[k++] = (plus - minus) / (2 * h);
                }
            }
        }
        double diff = 0;
        double norm = 0;
        for (int e = 0; e < analytic.length; e++) {
            diff += (analytic[e] - numeric[e]) * (analytic[e] - numeric[e]);
            norm += analytic[e] * analytic[e];
        }
        double relative = Math.sqrt(diff / norm);
        assertTrue(relative < 1e-6, "relative error " + relative);
        assertTrue(norm > 1e-12, "gradient must not vanish for the check to mean anything");
    }

    private static Parameters copy(Parameters source, List<Integer> widths) {
        Parameters copy = new Parameters();
        copy.reshape(widths);
        for (int l = 0; l < source.layers(); l++) {
            copy.weight(l).setTo(source.weight(l));
            copy.bias(l).setTo(source.bias(l));
        }
        return copy;
    }

    public static double[] flatten(Parameters p) {
        int size = 0;
        for (int l = 0; l < p.layers(); l++) {
            size += p.weight(l).getNumElements() + p.bias(l).getNumElements();
        }
        double[] flat = new double[size];
        int k = 0;
        for (int l = 0; l < p.layers(); l++) {
            for (DMatrixRMaj m : List.of(p.weight(l), p.bias(l))) {
                for (int e = 0; e < m.getNumElements(); e++) {
                    flat[k++] = m.data[e];
                }
            }
        }
        return flat;
    }
}
