package tiebreak.core.tie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tiebreak.core.Specs;
import tiebreak.core.net.Activation;
import tiebreak.core.net.Parameters;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.TieMode;
import tiebreak.core.train.Trainer;

/** Tie mode {@code in}: equal incoming weights, different outgoing weights. */
class InTieTest {

    /**
     * After one step, W[:,i] − W[:,j] must be exactly −lr·(g_i − g_j), with the two units' gradients computed
     * directly from their definition, g_u[k] = Σ_s x_sk · ((ŷ_s − y_s)/n · v_u) · f'(z_su), summed in the same
     * order as the backward pass.
     */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void firstStep_movesUnitsApartByTheirGradientDifference(Activation f) {
        List<Integer> widths = List.of(4, 5, 1);
        RunSpec spec = Specs.spec(widths, f, TieMode.IN, 3, 21);
        Trainer trainer = new Trainer();
        trainer.prepare(spec);
        Parameters p = trainer.parameters();
        DMatrixRMaj x = trainer.data().x;
        DMatrixRMaj y = trainer.data().y;
        DMatrixRMaj w = p.weight(0).copy();
        DMatrixRMaj b = p.bias(0).copy();
        DMatrixRMaj v = p.weight(1).copy();
        double bOut = p.bias(1).get(0, 0);
        int n = x.numRows;
        int d = x.numCols;
        int h = w.numCols;

        // Direct forward pass.
        double[][] z = new double[n][h];
        double[][] a = new double[n][h];
        double[] residual = new double[n];
        for (int s = 0; s < n; s++) {
            double out = 0;
            for (int u = 0; u < h; u++) {
                double sum = x.get(s, 0) * w.get(0, u);
                for (int k = 1; k < d; k++) {
                    sum += x.get(s, k) * w.get(k, u);
                }
                z[s][u] = sum + b.get(0, u);
                a[s][u] = f.apply(z[s][u]);
                out = u == 0 ? a[s][u] * v.get(u, 0) : out + a[s][u] * v.get(u, 0);
            }
            residual[s] = (out + bOut - y.get(s, 0)) / n;
        }
        double[] gi = unitGradient(0, x, z, a, residual, v, f);
        double[] gj = unitGradient(1, x, z, a, residual, v, f);

        trainer.step(spec.lr());

        for (int k = 0; k <= d; k++) {
            double wi = k < d ? w.get(k, 0) : b.get(0, 0);
            double wj = k < d ? w.get(k, 1) : b.get(0, 1);
            double predictedI = wi - spec.lr() * gi[k];
            double predictedJ = wj - spec.lr() * gj[k];
            double actualI = k < d ? p.weight(0).get(k, 0) : p.bias(0).get(0, 0);
            double actualJ = k < d ? p.weight(0).get(k, 1) : p.bias(0).get(0, 1);
            assertEquals(predictedI, actualI, 0.0, "unit i, parameter " + k);
            assertEquals(predictedJ, actualJ, 0.0, "unit j, parameter " + k);
            assertEquals(predictedI - predictedJ, actualI - actualJ, 0.0);
        }
        assertNotEquals(0.0, distance(gi, gj), "different outgoing weights must give different gradients");
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void inTie_endsDiverged(Activation f) {
        RunResult result = new Trainer().run(Specs.spec(List.of(4, 8, 1), f, TieMode.IN, 500, 5));
        assertEquals(0.0, result.distStart());
        assertEquals(Outcome.DIVERGED, result.outcome(), () -> "rel_end " + result.relEnd());
    }

    /** A ReLU pair whose pre-activation is negative on every sample gets no gradient, so it stays tied. */
    @org.junit.jupiter.api.Test
    void deadReluPair_staysTiedUnderIn() {
        RunSpec spec = Specs.spec(List.of(4, 8, 1), Activation.RELU, TieMode.IN, 500, 9);
        Trainer trainer = new Trainer();
        trainer.prepare(spec);
        Parameters p = trainer.parameters();
        p.bias(0).set(0, 0, -100.0);
        p.bias(0).set(0, 1, -100.0);
        RunResult result = trainer.trainPrepared(spec);
        assertEquals(Outcome.TIED, result.outcome());
        assertEquals(-100.0, p.bias(0).get(0, 1), 0.0);
        assertNotEquals(p.weight(1).get(0, 0), p.weight(1).get(1, 0), "outgoing weights stay different");
    }

    private static double[] unitGradient(int u, DMatrixRMaj x, double[][] z, double[][] a, double[] residual,
            DMatrixRMaj v, Activation f) {
        int n = x.numRows;
        int d = x.numCols;
        double[] g = new double[d + 1];
        for (int k = 0; k <= d; k++) {
            double sum = 0;
            for (int s = 0; s < n; s++) {
                double dz = (residual[s] * v.get(u, 0)) * f.derivative(z[s][u], a[s][u]);
                double input = k < d ? x.get(s, k) : 1.0;
                double term = k < d ? input * dz : dz;
                sum = s == 0 ? term : sum + term;
            }
            g[k] = sum;
        }
        return g;
    }

    private static double distance(double[] a, double[] b) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            sum += (a[k] - b[k]) * (a[k] - b[k]);
        }
        return Math.sqrt(sum);
    }
}
