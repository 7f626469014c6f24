package tiebreak.core.math;

/**
 * Eigenvalues and eigenvectors of a small symmetric matrix: Householder reduction to tridiagonal form, then
 * the implicit QL method (EISPACK's tred2 and tql2, in the public-domain form of JAMA's
 * EigenvalueDecomposition), from IEEE 754 basic operations, square roots and {@code StrictMath.hypot} only,
 * in a fixed order: the same bits on every JVM and CPU, which EJML's decompositions do not promise (they are
 * free to change their order of operations between versions). For the matrices it is for (a tied unit's
 * split-direction Hessian, tens of rows) it costs a few n³ operations; cyclic Jacobi, tried first, took
 * about five times as many.
 */
public final class SymmetricEigen {
    private static final double EPS = 0x1p-52;
    /** QL iterations per eigenvalue before giving up: about 2 are typical; only NaN or infinity needs more. */
    private static final int MAX_ITERATIONS = 64;

    private SymmetricEigen() {
    }

    /**
     * The eigenvalues of the symmetric n×n matrix {@code a} (row-major, only its upper triangle read),
     * ascending, and with {@code vectors} (n·n doubles, or null) the orthonormal eigenvectors too: column k
     * ({@code vectors[r * n + k]}) belongs to the k-th eigenvalue. {@code a} is left as it was; {@code work}
     * (n·n doubles at least) is overwritten.
     */
    public static double[] decompose(double[] a, int n, double[] work, double[] vectors) {
        if (a.length < n * n || work.length < n * n || vectors != null && vectors.length < n * n) {
            throw new IllegalArgumentException("expected " + n * n + " entries, got " + a.length + " and " + work.length);
        }
        double[] v = work;
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                v[r * n + c] = r <= c ? a[r * n + c] : a[c * n + r];
            }
        }
        double[] d = new double[n];
        double[] e = new double[n];
        tridiagonalise(v, d, e, n);
        diagonalise(v, d, e, n);
        if (vectors != null) {
            System.arraycopy(v, 0, vectors, 0, n * n);
        }
        return d;
    }

    /** tred2: v becomes the orthogonal transformation, d the diagonal and e the subdiagonal (e[0] = 0). */
    private static void tridiagonalise(double[] v, double[] d, double[] e, int n) {
        for (int j = 0; j < n; j++) {
            d[j] = v[(n - 1) * n + j];
        }
        for (int i = n - 1; i > 0; i--) {
            double scale = 0.0;
            double h = 0.0;
            for (int k = 0; k < i; k++) {
                scale += Math.abs(d[k]);
            }
            if (scale == 0.0) {
                e[i] = d[i - 1];
                for (int j = 0; j < i; j++) {
                    d[j] = v[(i - 1) * n + j];
                    v[i * n + j] = 0.0;
                    v[j * n + i] = 0.0;
                }
            } else {
                for (int k = 0; k < i; k++) {
                    d[k] /= scale;
                    h += d[k] * d[k];
                }
                double f = d[i - 1];
                double g = Math.sqrt(h);
                if (f > 0) {
                    g = -g;
                }
                e[i] = scale * g;
                h = h - f * g;
                d[i - 1] = f - g;
                for (int j = 0; j < i; j++) {
                    e[j] = 0.0;
                }
                for (int j = 0; j < i; j++) {
                    f = d[j];
                    v[j * n + i] = f;
                    g = e[j] + v[j * n + j] * f;
                    for (int k = j + 1; k <= i - 1; k++) {
                        g += v[k * n + j] * d[k];
                        e[k] += v[k * n + j] * f;
                    }
                    e[j] = g;
                }
                f = 0.0;
                for (int j = 0; j < i; j++) {
                    e[j] /= h;
                    f += e[j] * d[j];
                }
                double hh = f / (h + h);
                for (int j = 0; j < i; j++) {
                    e[j] -= hh * d[j];
                }
                for (int j = 0; j < i; j++) {
                    f = d[j];
                    g = e[j];
                    for (int k = j; k <= i - 1; k++) {
                        v[k * n + j] -= (f * e[k] + g * d[k]);
                    }
                    d[j] = v[(i - 1) * n + j];
                    v[i * n + j] = 0.0;
                }
            }
            d[i] = h;
        }
        for (int i = 0; i < n - 1; i++) {
            v[(n - 1) * n + i] = v[i * n + i];
            v[i * n + i] = 1.0;
            double h = d[i + 1];
            if (h != 0.0) {
                for (int k = 0; k <= i; k++) {
                    d[k] = v[k * n + i + 1] / h;
                }
                for (int j = 0; j <= i; j++) {
                    double g = 0.0;
                    for (int k = 0; k <= i; k++) {
                        g += v[k * n + i + 1] * v[k * n + j];
                    }
                    for (int k = 0; k <= i; k++) {
                        v[k * n + j] -= g * d[k];
                    }
                }
            }
            for (int k = 0; k <= i; k++) {
                v[k * n + i + 1] = 0.0;
            }
        }
        for (int j = 0; j < n; j++) {
            d[j] = v[(n - 1) * n + j];
            v[(n - 1) * n + j] = 0.0;
        }
        v[(n - 1) * n + n - 1] = 1.0;
        e[0] = 0.0;
    }

    /** tql2: d becomes the eigenvalues, ascending, and v's columns their eigenvectors. */
    private static void diagonalise(double[] v, double[] d, double[] e, int n) {
        for (int i = 1; i < n; i++) {
            e[i - 1] = e[i];
        }
        e[n - 1] = 0.0;
        double f = 0.0;
        double tst1 = 0.0;
        for (int l = 0; l < n; l++) {
            tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
            int m = l;
            // the first negligible subdiagonal entry; e[n-1] = 0 ends the search (and NaN stops it there)
            while (m < n - 1 && !(Math.abs(e[m]) <= EPS * tst1)) {
                m++;
            }
            if (m > l) {
                int iterations = 0;
                do {
                    iterations++;
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2.0 * e[l]);
                    double r = StrictMath.hypot(p, 1.0);
                    if (p < 0) {
                        r = -r;
                    }
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++) {
                        d[i] -= h;
                    }
                    f = f + h;
                    p = d[m];
                    double c = 1.0;
                    double c2 = c;
                    double c3 = c;
                    double el1 = e[l + 1];
                    double s = 0.0;
                    double s2 = 0.0;
                    for (int i = m - 1; i >= l; i--) {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = StrictMath.hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        for (int k = 0; k < n; k++) {
                            h = v[k * n + i + 1];
                            v[k * n + i + 1] = s * v[k * n + i] + c * h;
                            v[k * n + i] = c * v[k * n + i] - s * h;
                        }
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                } while (Math.abs(e[l]) > EPS * tst1 && iterations < MAX_ITERATIONS);
            }
            d[l] = d[l] + f;
            e[l] = 0.0;
        }
        for (int i = 0; i < n - 1; i++) {     // selection sort, the vectors with their values
            int k = i;
            double p = d[i];
            for (int j = i + 1; j < n; j++) {
                if (d[j] < p) {
                    k = j;
                    p = d[j];
                }
            }
            if (k != i) {
                d[k] = d[i];
                d[i] = p;
                for (int j = 0; j < n; j++) {
                    p = v[j * n + i];
                    v[j * n + i] = v[j * n + k];
                    v[j * n + k] = p;
                }
            }
        }
    }
}
