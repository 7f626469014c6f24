package tiebreak.core;

import java.util.List;
import tiebreak.core.net.Activation;
import tiebreak.core.net.InitScheme;
import tiebreak.core.spec.OptimizerSpec;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.TaskSpec;
import tiebreak.core.spec.TieMode;
import tiebreak.core.spec.Training;

/** Small run specs for tests. */
public final class Specs {
    private Specs() {
    }

    public static final TaskSpec SMALL_TEACHER = TaskSpec.teacher(4, 3, 32, 0.0);

    public static RunSpec spec(List<Integer> widths, Activation activation, TieMode mode, int layer, int i, int j,
            double epsilon, int steps, long seed) {
        TaskSpec task = TaskSpec.teacher(widths.get(0), 3, 32, 0.0);
        return new RunSpec("test", task, 7, seed, widths, activation, InitScheme.LECUN_NORMAL, layer, List.of(i, j), mode,
                epsilon, steps, 0.05, 1e-3, 16);
    }

    public static RunSpec spec(List<Integer> widths, Activation activation, TieMode mode, int steps, long seed) {
        return spec(widths, activation, mode, 1, 0, 1, 0.0, steps, seed);
    }

    /** A spec on any task, tie group and init, with the given training. */
    public static RunSpec spec(TaskSpec task, List<Integer> hidden, Activation activation, InitScheme init, TieMode mode,
            int layer, List<Integer> group, int steps, long seed, Training training) {
        java.util.ArrayList<Integer> widths = new java.util.ArrayList<>();
        widths.add(task.inputs());
        widths.addAll(hidden);
        widths.add(task.outputs());
        return new RunSpec("test", task, 7, seed, widths, activation, init, layer, group, mode, 0.0, steps, 0.05, 1e-3,
                16, training, "");
    }

    private static final Training.UpdateOrder SIM = Training.UpdateOrder.SIMULTANEOUS;
    private static final Training.UpdateOrder SEQ = Training.UpdateOrder.SEQUENTIAL;
    private static final Training.Gradient BP = Training.Gradient.BACKPROP;
    private static final Training.Gradient FD = Training.Gradient.FINITE_DIFFERENCE;
    private static final Training.Precision F64 = Training.Precision.FLOAT64;
    private static final Training.Precision F32 = Training.Precision.FLOAT32;

    /** Plain training with one thing changed. */
    public static Training training(String what) {
        Training p = Training.PLAIN;
        return switch (what) {
            case "plain" -> p;
            case "minibatch" -> with(p, OptimizerSpec.SGD, 8, 0, 0, 0, 0, SIM, BP, F64, 0, 0);
            case "momentum" -> with(p, OptimizerSpec.parse("momentum:0.9"), 0, 0, 0, 0, 0, SIM, BP, F64, 0, 0);
            case "adam" -> with(p, OptimizerSpec.parse("adam"), 0, 0, 0, 0, 0, SIM, BP, F64, 0, 0);
            case "rmsprop" -> with(p, OptimizerSpec.parse("rmsprop"), 0, 0, 0, 0, 0, SIM, BP, F64, 0, 0);
            case "weight_decay" -> with(p, OptimizerSpec.SGD, 0, 0.01, 0, 0, 0, SIM, BP, F64, 0, 0);
            case "label_noise" -> with(p, OptimizerSpec.SGD, 0, 0, 0, 0, 0, SIM, BP, F64, 0.1, 0);
            case "input_noise" -> with(p, OptimizerSpec.SGD, 0, 0, 0, 0, 0, SIM, BP, F64, 0, 0.1);
            case "float32" -> with(p, OptimizerSpec.SGD, 0, 0, 0, 0, 0, SIM, BP, F32, 0, 0);
            case "dropout" -> with(p, OptimizerSpec.SGD, 0, 0, 0.1, 0, 0, SIM, BP, F64, 0, 0);
            case "grad_noise" -> with(p, OptimizerSpec.SGD, 0, 0, 0, 1e-4, 0, SIM, BP, F64, 0, 0);
            case "lr_jitter" -> with(p, OptimizerSpec.SGD, 0, 0, 0, 0, 0.1, SIM, BP, F64, 0, 0);
            case "sequential" -> with(p, OptimizerSpec.SGD, 0, 0, 0, 0, 0, SEQ, BP, F64, 0, 0);
            case "finite-difference" -> with(p, OptimizerSpec.SGD, 0, 0, 0, 0, 0, SIM, FD, F64, 0, 0);
            default -> throw new IllegalArgumentException(what);
        };
    }

    private static Training with(Training p, OptimizerSpec optimizer, int batch, double decay, double dropout,
            double gradNoise, double jitter, Training.UpdateOrder order, Training.Gradient gradient,
            Training.Precision precision, double labelNoise, double inputNoise) {
        return new Training(optimizer, batch, decay, dropout, gradNoise, jitter, order, gradient, p.fdStep(), precision,
                labelNoise, inputNoise);
    }
}
