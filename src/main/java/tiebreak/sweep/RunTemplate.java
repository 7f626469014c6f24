package tiebreak.sweep;

import java.util.List;
import tiebreak.core.net.Activation;
import tiebreak.core.net.InitScheme;
import tiebreak.core.spec.OptimizerSpec;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.TaskSpec;
import tiebreak.core.spec.TieMode;
import tiebreak.core.spec.Training;

/** The mutable values of one grid point while the grid is expanded; {@link #build} checks them. */
final class RunTemplate {
    TaskSpec task;
    long dataSeed = 0;
    List<Integer> widths;
    Activation activation = Activation.TANH;
    InitScheme init = InitScheme.LECUN_NORMAL;
    int tieLayer = 1;
    List<Integer> tieUnits = List.of(0, 1);
    TieMode tieMode = TieMode.IN_OUT;
    double epsilon = 0.0;
    int steps = 500;
    double lr = 0.05;
    double delta = 1e-3;
    int checkpoints = 32;
    OptimizerSpec optimizer = OptimizerSpec.SGD;
    int batchSize = 0;
    double weightDecay = 0;
    double dropout = 0;
    double gradNoise = 0;
    double lrJitter = 0;
    Training.UpdateOrder updateOrder = Training.PLAIN.updateOrder();
    Training.Gradient gradient = Training.PLAIN.gradient();
    double fdStep = Training.DEFAULT_FD_STEP;
    Training.Precision precision = Training.PLAIN.precision();
    double labelNoise = 0;
    double inputNoise = 0;
    boolean splitHessian = false;
    int duplicateAfter = 0;
    double duplicateRatio = Training.DEFAULT_DUPLICATE_RATIO;
    String variant = "";

    RunSpec build(String sweep, long initSeed) {
        Training training = new Training(optimizer, batchSize, weightDecay, dropout, gradNoise, lrJitter, updateOrder,
                gradient, fdStep, precision, labelNoise, inputNoise, splitHessian, duplicateAfter, duplicateRatio);
        return new RunSpec(sweep, task, dataSeed, initSeed, widths, activation, init, tieLayer, tieUnits, tieMode,
                epsilon, steps, lr, delta, checkpoints, training, variant);
    }
}
