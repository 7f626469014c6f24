package tiebreak.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tiebreak.core.Specs;
import tiebreak.core.math.Float32;
import tiebreak.core.math.Rng;
import tiebreak.core.net.Activation;
import tiebreak.core.net.GradientCheckTest;
import tiebreak.core.net.InitScheme;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.TaskSpec;
import tiebreak.core.spec.TieMode;
import tiebreak.core.spec.Training;
import tiebreak.core.tie.Checkpoint;

/** precision: float32 computes in float32, not float64 rounded at the end. */
class Float32Test {

    @Test
    void float32_differsFromFloat64_butTracksItEarly() {
        RunSpec wide = Specs.spec(TaskSpec.teacher(8, 4, 64, 0.0), List.of(16), Activation.TANH, InitScheme.LECUN_NORMAL,
                TieMode.IN_OUT, 1, List.of(0, 1), 100, 5, Training.PLAIN);
        RunSpec narrow = wide.withTraining(Specs.training("float32"));
        List<Checkpoint> f64 = new Trainer().run(wide).checkpoints();
        List<Checkpoint> f32 = new Trainer().run(narrow).checkpoints();
        assertEquals(f64.size(), f32.size());
        double largest = 0;
        for (int c = 0; c < f64.size(); c++) {
            double difference = Math.abs(f64.get(c).loss() - f32.get(c).loss());
            largest = Math.max(largest, difference);
            if (f64.get(c).step() <= 20) {
                assertTrue(difference < 1e-3, "step " + f64.get(c).step() + ": " + difference);
            }
        }
        assertTrue(largest > 1e-10, "float32 must not be float64: largest loss difference " + largest);
    }

    @Test
    void float32_storesOnlyFloats() {
        RunSpec spec = Specs.spec(TaskSpec.teacher(4, 3, 32, 0.0), List.of(6), Activation.SIGMOID,
                InitScheme.LECUN_NORMAL, TieMode.IN, 1, List.of(0, 1), 50, 2, Specs.training("float32"));
        Trainer trainer = new Trainer();
        trainer.run(spec);
        for (double[] values : List.of(GradientCheckTest.flatten(trainer.parameters()),
                GradientCheckTest.flatten(trainer.trainingGradient()))) {
            for (double v : values) {
                assertEquals(v, (double) (float) v, 0.0, "not a float: " + v);
            }
        }
        for (double v : trainer.data().x.data) {
            assertEquals(v, (double) (float) v, 0.0);
        }
    }

    /** The float32 products accumulate in float: they differ from EJML's double products rounded once. */
    @Test
    void float32Products_accumulateInFloat() {
        Rng rng = Rng.stream(1, Rng.Purpose.DATA_INPUTS);
        org.ejml.data.DMatrixRMaj a = new org.ejml.data.DMatrixRMaj(40, 30);
        org.ejml.data.DMatrixRMaj b = new org.ejml.data.DMatrixRMaj(30, 20);
        for (int e = 0; e < a.getNumElements(); e++) {
            a.data[e] = (float) rng.nextGaussian();
        }
        for (int e = 0; e < b.getNumElements(); e++) {
            b.data[e] = (float) rng.nextGaussian();
        }
        org.ejml.data.DMatrixRMaj single = new org.ejml.data.DMatrixRMaj(1, 1);
        org.ejml.data.DMatrixRMaj dbl = new org.ejml.data.DMatrixRMaj(40, 20);
        Float32.mult(a, b, single);
        org.ejml.dense.row.CommonOps_DDRM.mult(a, b, dbl);
        int differ = 0;
        for (int e = 0; e < dbl.getNumElements(); e++) {
            assertEquals(dbl.data[e], single.data[e], 1e-4);
            differ += single.data[e] != (float) dbl.data[e] ? 1 : 0;
        }
        assertTrue(differ > 0, "float accumulation rounds at every addition");
    }
}
