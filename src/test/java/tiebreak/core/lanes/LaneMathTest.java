package tiebreak.core.lanes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tiebreak.core.net.Activation;

/**
 * The lane activations, element by element against the scalar functions, written in place (the lane trainer
 * overwrites a hidden layer's pre-activations with its activations) and into another array, over ordinary
 * values and the ones that take special paths: sigmoid's |x| ≥ 708 and NaN lanes, tanh's flat tails, ±0, ±∞.
 */
class LaneMathTest {
    private static final double[] SPECIAL = {0.0, -0.0, 1e-300, -1e-300, 0.5, -0.5, 19.5, -19.5, 22.0, 23.0, -40.0,
        707.9, 708.0, 709.5, -708.0, -745.2, 800.0, -1e6, Double.MAX_VALUE, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.NaN, Double.MIN_VALUE};

    @ParameterizedTest
    @ValueSource(strings = {"tanh", "sigmoid", "relu", "linear"})
    void lanesEqualTheScalarFunctionInPlaceAndNot(String name) {
        Activation f = Activation.parse(name);
        int count = 8 * LaneMath.L;
        double[] values = new double[count];
        SplittableRandom random = new SplittableRandom(3);
        for (int k = 0; k < count; k++) {
            // special values scattered among ordinary ones, so that one vector mixes both
            values[k] = k % 3 == 0 && k / 3 < SPECIAL.length ? SPECIAL[k / 3] : 3 * random.nextGaussian();
        }
        double[] z = LaneMath.buffer(count);
        double[] out = LaneMath.buffer(count);
        System.arraycopy(values, 0, z, LaneMath.O, count);
        LaneMath.forward(f, z, out, count);
        LaneMath.forward(f, z, z, count);
        for (int k = 0; k < count; k++) {
            long expected = Double.doubleToLongBits(f.apply(values[k]));
            assertEquals(expected, Double.doubleToLongBits(out[LaneMath.O + k]), name + "(" + values[k] + ")");
            assertEquals(expected, Double.doubleToLongBits(z[LaneMath.O + k]), name + "(" + values[k] + ") in place");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tanh", "sigmoid", "relu", "linear"})
    void backwardReadsTheDerivativeFromTheActivation(String name) {
        Activation f = Activation.parse(name);
        int count = 4 * LaneMath.L;
        SplittableRandom random = new SplittableRandom(5);
        double[] z = new double[count];
        double[] up = LaneMath.buffer(count);
        double[] a = LaneMath.buffer(count);
        for (int k = 0; k < count; k++) {
            z[k] = k % 5 == 0 ? (k % 2 == 0 ? 0.0 : -0.0) : 2 * random.nextGaussian();
            up[LaneMath.O + k] = random.nextGaussian();
            a[LaneMath.O + k] = f.apply(z[k]);
        }
        double[] dz = LaneMath.buffer(count);
        LaneMath.backward(f, up, a, dz, count);
        for (int k = 0; k < count; k++) {
            double expected = up[LaneMath.O + k] * f.derivative(z[k], a[LaneMath.O + k]);
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(dz[LaneMath.O + k]),
                    name + "'(" + z[k] + ")");
        }
    }
}
