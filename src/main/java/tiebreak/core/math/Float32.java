package tiebreak.core.math;

import org.ejml.data.DMatrixRMaj;

/**
 * Single-precision arithmetic for {@code precision: float32} runs. Values are kept in double arrays but are
 * always float-representable. Matrix products accumulate in {@code float}, in the same ascending order as
 * EJML's double products; element-wise expressions are evaluated in double and rounded to float when
 * stored (one rounding per stored value, as a fused GPU kernel would). For a single +, −, ×, ÷ of two floats,
 * computing in double and rounding to float gives exactly the float result (53 ≥ 2·24 + 2), so the
 * rounding-at-store of a one-operation expression is true float32 arithmetic.
 */
public final class Float32 {
    private Float32() {
    }

    /** Rounds every element to the nearest float. */
    public static void round(DMatrixRMaj m) {
        int size = m.getNumElements();
        double[] d = m.data;
        for (int e = 0; e < size; e++) {
            d[e] = (float) d[e];
        }
    }

    /** c = a b, accumulated in float. */
    public static void mult(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        c.reshape(a.numRows, b.numCols);
        int inner = a.numCols;
        for (int i = 0; i < a.numRows; i++) {
            for (int j = 0; j < b.numCols; j++) {
                float sum = (float) a.data[i * inner] * (float) b.data[j];
                for (int k = 1; k < inner; k++) {
                    sum += (float) a.data[i * inner + k] * (float) b.data[k * b.numCols + j];
                }
                c.data[i * c.numCols + j] = sum;
            }
        }
    }

    /** c = aᵀ b, accumulated in float over the rows of a and b. */
    public static void multTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        c.reshape(a.numCols, b.numCols);
        for (int i = 0; i < a.numCols; i++) {
            for (int j = 0; j < b.numCols; j++) {
                float sum = (float) a.data[i] * (float) b.data[j];
                for (int k = 1; k < a.numRows; k++) {
                    sum += (float) a.data[k * a.numCols + i] * (float) b.data[k * b.numCols + j];
                }
                c.data[i * c.numCols + j] = sum;
            }
        }
    }

    /** c = a bᵀ, accumulated in float. */
    public static void multTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        c.reshape(a.numRows, b.numRows);
        int inner = a.numCols;
        for (int i = 0; i < a.numRows; i++) {
            for (int j = 0; j < b.numRows; j++) {
                float sum = (float) a.data[i * inner] * (float) b.data[j * inner];
                for (int k = 1; k < inner; k++) {
                    sum += (float) a.data[i * inner + k] * (float) b.data[j * inner + k];
                }
                c.data[i * c.numCols + j] = sum;
            }
        }
    }
}
