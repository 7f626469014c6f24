package tiebreak.core.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;

/** Eigenvalues and vectors against EJML's, closed forms and their definition, and their bits across calls. */
class SymmetricEigenTest {

    @Test
    void randomSymmetricMatrices_agreeWithEjml() {
        Rng rng = Rng.stream(11, Rng.Purpose.DATA_INPUTS);
        for (int n = 1; n <= 24; n++) {
            double[] a = random(rng, n);
            double[] ours = SymmetricEigen.decompose(a, n, new double[n * n], null);
            double[] theirs = ejml(a, n);
            double scale = Math.max(Math.abs(theirs[0]), Math.abs(theirs[n - 1]));
            for (int k = 0; k < n; k++) {
                assertEquals(theirs[k], ours[k], 1e-13 * scale, "n = " + n + ", eigenvalue " + k);
            }
        }
    }

    @Test
    void closedForms_twoByTwoAndRankTwo() {
        // [[a, b], [b, c]]: (a + c)/2 ± sqrt(((a − c)/2)² + b²)
        double[] two = {1.5, -2.0, -2.0, -0.5};
        double mean = 0.5;
        double radius = Math.sqrt(1.0 + 4.0);
        assertArrayEquals(new double[] {mean - radius, mean + radius},
                SymmetricEigen.decompose(two, 2, new double[4], null), 4e-15);
        // [[0, b], [bᵀ, 0]] with b of length 4: ±|b| and two zeros (the split Hessian of a linear unit)
        double[] b = {0.3, -1.2, 0.5, 2.0};
        double[] block = new double[25];
        for (int k = 0; k < 4; k++) {
            block[k * 5 + 4] = b[k];
            block[4 * 5 + k] = b[k];
        }
        double norm = Math.sqrt(0.09 + 1.44 + 0.25 + 4.0);
        double[] values = SymmetricEigen.decompose(block, 5, new double[25], null);
        assertEquals(-norm, values[0], 4e-15);
        assertEquals(norm, values[4], 4e-15);
        for (int k = 1; k < 4; k++) {
            assertEquals(0.0, values[k], 1e-15);
        }
    }

    @Test
    void theSameBitsFromEveryCall_andTheInputLeftAlone() {
        Rng rng = Rng.stream(5, Rng.Purpose.DATA_INPUTS);
        double[] a = random(rng, 12);
        double[] before = a.clone();
        double[] work = new double[144];
        double[] first = SymmetricEigen.decompose(a, 12, work, null);
        Arrays.fill(work, Double.NaN);
        double[] second = SymmetricEigen.decompose(a, 12, work, null);
        assertArrayEquals(before, a, 0.0);
        for (int k = 0; k < 12; k++) {
            assertEquals(Double.doubleToRawLongBits(first[k]), Double.doubleToRawLongBits(second[k]));
        }
        assertTrue(first[0] < first[11]);
    }

    @Test
    void eigenvectors_areOrthonormal_andBelongToTheirValues() {
        Rng rng = Rng.stream(7, Rng.Purpose.DATA_INPUTS);
        for (int n : new int[] {1, 2, 5, 10, 18}) {
            double[] a = random(rng, n);
            double[] vectors = new double[n * n];
            double[] values = SymmetricEigen.decompose(a, n, new double[n * n], vectors);
            double scale = Math.max(Math.abs(values[0]), Math.abs(values[n - 1]));
            for (int k = 0; k < n; k++) {
                for (int r = 0; r < n; r++) {
                    double av = 0;
                    for (int c = 0; c < n; c++) {
                        av += a[r * n + c] * vectors[c * n + k];
                    }
                    assertEquals(values[k] * vectors[r * n + k], av, 1e-13 * scale, "A v = λ v, n " + n + ", k " + k);
                }
                for (int q = 0; q < n; q++) {
                    double dot = 0;
                    for (int r = 0; r < n; r++) {
                        dot += vectors[r * n + k] * vectors[r * n + q];
                    }
                    assertEquals(k == q ? 1.0 : 0.0, dot, 1e-14, "VᵀV = I, n " + n);
                }
            }
        }
    }

    @Test
    void aNonFiniteMatrixEndsWithoutHangingOrThrowing() {
        double[] nan = {1.0, Double.NaN, Double.NaN, 2.0};
        double[] values = SymmetricEigen.decompose(nan, 2, new double[4], new double[4]);
        assertEquals(2, values.length);
        double[] infinite = {Double.POSITIVE_INFINITY, 1.0, 1.0, 0.0, 2.0, 3.0, 1.0, 3.0, -1.0};
        assertEquals(3, SymmetricEigen.decompose(infinite, 3, new double[9], null).length);
    }

    @Test
    void onlyTheUpperTriangleIsRead() {
        double[] a = {2.0, 1.0, 99.0, 3.0};   // the lower entry is ignored: [[2, 1], [1, 3]]
        double[] values = SymmetricEigen.decompose(a, 2, new double[4], null);
        assertEquals(2.5 - Math.sqrt(1.25), values[0], 1e-15);
        assertEquals(2.5 + Math.sqrt(1.25), values[1], 1e-15);
    }

    private static double[] random(Rng rng, int n) {
        double[] a = new double[n * n];
        for (int r = 0; r < n; r++) {
            for (int c = r; c < n; c++) {
                double v = rng.nextGaussian();
                a[r * n + c] = v;
                a[c * n + r] = v;
            }
        }
        return a;
    }

    private static double[] ejml(double[] a, int n) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
        assertTrue(eig.decompose(new DMatrixRMaj(n, n, true, a)));
        double[] values = new double[n];
        for (int k = 0; k < n; k++) {
            values[k] = eig.getEigenvalue(k).getReal();
        }
        Arrays.sort(values);
        return values;
    }
}
