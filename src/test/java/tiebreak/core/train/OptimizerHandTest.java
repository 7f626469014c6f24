package tiebreak.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tiebreak.core.math.DetMath;
import tiebreak.core.net.Activation;
import tiebreak.core.net.InitScheme;
import tiebreak.core.net.Parameters;
import tiebreak.core.spec.OptimizerSpec;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.TaskSpec;
import tiebreak.core.spec.TieMode;
import tiebreak.core.spec.Training;

/**
 * Every optimizer's first two steps on a 2-2-1 tanh net, against a hand computation written out here from the
 * formulas: forward, backward and update for the 9 parameters, independent of the library code.
 */
class OptimizerHandTest {

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "momentum:0.9", "adam", "rmsprop:0.9"})
    void firstTwoSteps_matchHandComputation(String optimizer) {
        TaskSpec task = TaskSpec.teacher(2, 2, 4, 0.0);
        RunSpec spec = new RunSpec("hand", task, 3, 4, List.of(2, 2, 1), Activation.TANH, InitScheme.LECUN_NORMAL, 1,
                List.of(0, 1), TieMode.NONE, 0, 2, 0.1, 1e-3, 2,
                new Training(OptimizerSpec.parse(optimizer), 0, 0, 0, 0, 0, Training.UpdateOrder.SIMULTANEOUS,
                        Training.Gradient.BACKPROP, 1e-5, Training.Precision.FLOAT64, 0, 0), "");
        Trainer trainer = new Trainer();
        trainer.prepare(spec);
        double[][] x = new double[4][2];
        double[] y = new double[4];
        for (int s = 0; s < 4; s++) {
            x[s][0] = trainer.data().x.get(s, 0);
            x[s][1] = trainer.data().x.get(s, 1);
            y[s] = trainer.data().y.get(s, 0);
        }
        Parameters p = trainer.parameters();
        // θ = [W11, W12, W21, W22, b1, b2, V1, V2, c], W row = input, column = hidden unit
        double[] theta = {p.weight(0).get(0, 0), p.weight(0).get(0, 1), p.weight(0).get(1, 0), p.weight(0).get(1, 1),
            p.bias(0).get(0, 0), p.bias(0).get(0, 1), p.weight(1).get(0, 0), p.weight(1).get(1, 0), p.bias(1).get(0, 0)};
        double[] m = new double[9];
        double[] v = new double[9];
        for (int t = 1; t <= 2; t++) {
            double[] g = handGradient(theta, x, y);
            for (int k = 0; k < 9; k++) {
                switch (optimizer) {
                    case "sgd" -> theta[k] -= 0.1 * g[k];
                    case "momentum:0.9" -> {
                        m[k] = 0.9 * m[k] + g[k];
                        theta[k] -= 0.1 * m[k];
                    }
                    case "rmsprop:0.9" -> {
                        m[k] = 0.9 * m[k] + 0.1 * g[k] * g[k];
                        theta[k] -= 0.1 * g[k] / (Math.sqrt(m[k]) + 1e-8);
                    }
                    default -> {
                        m[k] = 0.9 * m[k] + 0.1 * g[k];
                        v[k] = 0.999 * v[k] + 0.001 * g[k] * g[k];
                        double mHat = m[k] / (1 - Math.pow(0.9, t));
                        double vHat = v[k] / (1 - Math.pow(0.999, t));
                        theta[k] -= 0.1 * mHat / (Math.sqrt(vHat) + 1e-8);
                    }
                }
            }
            trainer.step(0.1);
            double[] actual = {p.weight(0).get(0, 0), p.weight(0).get(0, 1), p.weight(0).get(1, 0), p.weight(0).get(1, 1),
                p.bias(0).get(0, 0), p.bias(0).get(0, 1), p.weight(1).get(0, 0), p.weight(1).get(1, 0), p.bias(1).get(0, 0)};
            for (int k = 0; k < 9; k++) {
                assertEquals(theta[k], actual[k], 1e-13 * Math.max(1, Math.abs(theta[k])),
                        optimizer + " step " + t + " parameter " + k);
            }
        }
    }

    /** dL/dθ of L = (1/2n) Σ_s (ŷ_s − y_s)², ŷ = Σ_h V_h tanh(x·W_h + b_h) + c. */
    private static double[] handGradient(double[] t, double[][] x, double[] y) {
        double[] g = new double[9];
        int n = x.length;
        for (int s = 0; s < n; s++) {
            double z1 = x[s][0] * t[0] + x[s][1] * t[2] + t[4];
            double z2 = x[s][0] * t[1] + x[s][1] * t[3] + t[5];
            double a1 = DetMath.tanh(z1);
            double a2 = DetMath.tanh(z2);
            double r = (a1 * t[6] + a2 * t[7] + t[8] - y[s]) / n;
            double d1 = r * t[6] * (1 - a1 * a1);
            double d2 = r * t[7] * (1 - a2 * a2);
            g[0] += x[s][0] * d1;
            g[1] += x[s][0] * d2;
            g[2] += x[s][1] * d1;
            g[3] += x[s][1] * d2;
            g[4] += d1;
            g[5] += d2;
            g[6] += a1 * r;
            g[7] += a2 * r;
            g[8] += r;
        }
        return g;
    }
}
