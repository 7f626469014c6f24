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

    /**
     * GELU and its derivative in one pass, against DetErf element by element, in place and not, over the
     * boundaries of erfc's branches in v = −x/√2 (0.25, 0.84375, 1.25, ~2.857, 6, 28) one ulp either side,
     * where the derivative stops (|x| = 40), tiny and subnormal x, ±0, ±∞, NaN. Each of those values sits alone
     * among ordinary ones in a vector of its own (a vector with one lane out of the common range goes to the
     * scalar functions whole, so a boundary value beside such a lane would not test the vector path); a few
     * vectors hold only ordinary values, wide ones (σ = 6) among them, so that the branches mix in one vector.
     */
    @org.junit.jupiter.api.Test
    void geluAndItsDerivativeEqualTheScalarFunctions() {
        double r2 = Math.sqrt(2.0);
        double[] edges = {0.25, 0.84375, 1.25, 0x1.6db6ep1, 6.0, 28.0};
        java.util.List<Double> special = new java.util.ArrayList<>(java.util.List.of(0.0, -0.0, 1e-17, -1e-17,
                1e-300, -Double.MIN_VALUE, 40.0, -40.0, 40.5, -40.5, 39.6, -39.6, 8.4853, 1e3, -1e3,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN));
        for (double edge : edges) {
            for (double x : new double[] {edge * r2, -edge * r2}) {
                special.add(x);
                special.add(Math.nextUp(x));
                special.add(Math.nextDown(x));
                special.add(Math.nextUp(Math.nextUp(x)));
                special.add(Math.nextDown(Math.nextDown(x)));
            }
        }
        int ordinary = 6;
        int count = (ordinary + special.size()) * LaneMath.L;
        double[] values = new double[count];
        SplittableRandom random = new SplittableRandom(7);
        for (int k = 0; k < count; k++) {
            int vector = k / LaneMath.L;
            int lane = k % LaneMath.L;
            boolean alone = vector >= ordinary && lane == vector % LaneMath.L;
            // the neighbours of a value alone stay in the common range (σ = 1.5: |x| < 8.49 by 5.6 σ)
            boolean wide = vector < ordinary && k % 5 == 0;
            values[k] = alone ? special.get(vector - ordinary) : (wide ? 6 : 1.5) * random.nextGaussian();
        }
        LaneGelu gelu = new LaneGelu(count);
        double[] z = LaneMath.buffer(count);
        double[] a = LaneMath.buffer(count);
        double[] d = LaneMath.buffer(count);
        System.arraycopy(values, 0, z, LaneMath.O, count);
        gelu.forward(z, a, d, count);
        double[] onlyA = LaneMath.buffer(count);
        gelu.forward(z, onlyA, null, count);
        double[] inPlace = LaneMath.buffer(count);
        System.arraycopy(values, 0, inPlace, LaneMath.O, count);
        double[] inPlaceA = LaneMath.buffer(count);
        gelu.forward(inPlace, inPlaceA, inPlace, count);         // f' over z, as the lane trainer does
        for (int k = 0; k < count; k++) {
            int at = LaneMath.O + k;
            long value = Double.doubleToLongBits(tiebreak.core.math.DetErf.gelu(values[k]));
            long slope = Double.doubleToLongBits(tiebreak.core.math.DetErf.geluDerivative(values[k]));
            assertEquals(value, Double.doubleToLongBits(a[at]), "gelu(" + values[k] + ")");
            assertEquals(value, Double.doubleToLongBits(onlyA[at]), "gelu(" + values[k] + ") without f'");
            assertEquals(value, Double.doubleToLongBits(inPlaceA[at]), "gelu(" + values[k] + ") beside f' in place");
            assertEquals(slope, Double.doubleToLongBits(d[at]), "gelu'(" + values[k] + ")");
            assertEquals(slope, Double.doubleToLongBits(inPlace[at]), "gelu'(" + values[k] + ") in place");
        }
    }
}
