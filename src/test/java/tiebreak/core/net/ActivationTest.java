package tiebreak.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tiebreak.core.math.Rng;

/** The array loops give the bits of the scalar definitions. */
class ActivationTest {

    @ParameterizedTest
    @EnumSource(Activation.class)
    void loops_matchScalarDefinitions_bitForBit(Activation f) {
        Rng rng = Rng.stream(3, Rng.Purpose.DATA_INPUTS);
        int size = 10_000;
        double[] z = new double[size];
        double[] upstream = new double[size];
        for (int k = 0; k < size; k++) {
            z[k] = rng.nextGaussian() * 4;
            upstream[k] = rng.nextGaussian();
        }
        z[0] = 0.0;
        z[1] = -0.0;
        double[] a = new double[size];
        double[] dz = new double[size];
        f.forward(z, a, size);
        f.backward(upstream, z, a, dz, size);
        for (int k = 0; k < size; k++) {
            assertEquals(Double.doubleToRawLongBits(f.apply(z[k])), Double.doubleToRawLongBits(a[k]), "f at " + z[k]);
            assertEquals(Double.doubleToRawLongBits(upstream[k] * f.derivative(z[k], a[k])),
                    Double.doubleToRawLongBits(dz[k]), "f' at " + z[k]);
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void derivative_matchesCentralDifference(Activation f) {
        for (double z = -3.05; z < 3; z += 0.1) {
            double h = 1e-6;
            double numeric = (f.apply(z + h) - f.apply(z - h)) / (2 * h);
            assertEquals(numeric, f.derivative(z, f.apply(z)), 1e-8, f + " at " + z);
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void secondDerivative_matchesCentralDifferenceOfTheFirst(Activation f) {
        for (double z = -3.05; z < 3; z += 0.1) {
            double h = 1e-5;
            double numeric = (f.derivative(z + h, f.apply(z + h)) - f.derivative(z - h, f.apply(z - h))) / (2 * h);
            assertEquals(numeric, f.secondDerivative(z, f.apply(z)), 1e-8, f + " at " + z);
        }
    }
}
