package tiebreak.core.math;

import java.util.Arrays;

/**
 * Eigenvalues of a small symmetric matrix by the cyclic Jacobi method, from IEEE 754 basic operations and
 * square roots only, in a fixed order: the same bits on every JVM and CPU, which EJML's QR algorithm does not
 * promise (it is free to change its order of operations between versions). Jacobi is also the accurate choice
 * here: it finds small eigenvalues of a well-scaled matrix to high relative accuracy, and the matrices it is
 * for (a tied unit's split-direction Hessian, tens of rows) make its cubic cost per sweep negligible.
 */
public final class SymmetricEigen {
    private static final int MAX_SWEEPS = 64;

    private SymmetricEigen() {
    }

    /**
     * The eigenvalues of the symmetric n×n matrix {@code a} (row-major, only its upper triangle read),
     * ascending. {@code a} is left as it was; {@code work} (n·n doubles at least) is overwritten.
     */
    public static double[] eigenvalues(double[] a, int n, double[] work) {
        return decompose(a, n, work, null);
    }

    /**
     * {@link #eigenvalues}, and with {@code vectors} (n·n doubles, or null) the orthonormal eigenvectors too:
     * column k ({@code vectors[r * n + k]}) belongs to the k-th eigenvalue in ascending order.
     */
    public static double[] decompose(double[] a, int n, double[] work, double[] vectors) {
        if (a.length < n * n || work.length < n * n || vectors != null && vectors.length < n * n) {
            throw new IllegalArgumentException("expected " + n * n + " entries, got " + a.length + " and " + work.length);
        }
        double[] rotations = vectors == null ? null : new double[n * n];
        if (rotations != null) {
            for (int k = 0; k < n; k++) {
                rotations[k * n + k] = 1.0;
            }
        }
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                work[r * n + c] = r <= c ? a[r * n + c] : a[c * n + r];
            }
        }
        for (int sweep = 0; sweep < MAX_SWEEPS && !diagonalEnough(work, n); sweep++) {
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    rotate(work, n, p, q, rotations);
                }
            }
        }
        Integer[] order = new Integer[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        // ascending by value; ties (and -0.0 against 0.0) in index order, so the order is fixed
        Arrays.sort(order, (x, y) -> {
            int byValue = Double.compare(work[x * n + x], work[y * n + y]);
            return byValue != 0 ? byValue : Integer.compare(x, y);
        });
        double[] values = new double[n];
        for (int k = 0; k < n; k++) {
            values[k] = work[order[k] * n + order[k]];
            if (vectors != null) {
                for (int r = 0; r < n; r++) {
                    vectors[r * n + k] = rotations[r * n + order[k]];
                }
            }
        }
        return values;
    }

    /** Whether every off-diagonal entry is negligible beside the diagonal entries of its row and column. */
    private static boolean diagonalEnough(double[] m, int n) {
        for (int p = 0; p < n; p++) {
            for (int q = p + 1; q < n; q++) {
                double off = Math.abs(m[p * n + q]);
                if (off != 0.0 && off > 0x1p-60 * (Math.abs(m[p * n + p]) + Math.abs(m[q * n + q]))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The Jacobi rotation in the (p, q) plane that zeroes m[p][q] (Golub and Van Loan, algorithm 8.5.1). */
    private static void rotate(double[] m, int n, int p, int q, double[] rotations) {
        double apq = m[p * n + q];
        if (apq == 0.0) {
            return;
        }
        double app = m[p * n + p];
        double aqq = m[q * n + q];
        double theta = (aqq - app) / (2.0 * apq);
        double t;
        if (Math.abs(theta) > 0x1p500) {
            t = 0.5 / theta;     // θ² would overflow; t = 1/(2θ) to working precision
        } else {
            t = 1.0 / (Math.abs(theta) + Math.sqrt(theta * theta + 1.0));
            if (theta < 0.0) {
                t = -t;
            }
        }
        double c = 1.0 / Math.sqrt(t * t + 1.0);
        double s = t * c;
        for (int k = 0; k < n; k++) {
            double mkp = m[k * n + p];
            double mkq = m[k * n + q];
            m[k * n + p] = c * mkp - s * mkq;
            m[k * n + q] = s * mkp + c * mkq;
        }
        for (int k = 0; k < n; k++) {
            double mpk = m[p * n + k];
            double mqk = m[q * n + k];
            m[p * n + k] = c * mpk - s * mqk;
            m[q * n + k] = s * mpk + c * mqk;
        }
        m[p * n + q] = 0.0;
        m[q * n + p] = 0.0;
        if (rotations != null) {
            for (int k = 0; k < n; k++) {
                double vkp = rotations[k * n + p];
                double vkq = rotations[k * n + q];
                rotations[k * n + p] = c * vkp - s * vkq;
                rotations[k * n + q] = s * vkp + c * vkq;
            }
        }
    }
}
