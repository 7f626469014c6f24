package tiebreak.core.lanes;

import java.util.List;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import tiebreak.core.net.Parameters;

/**
 * The float32 lane kernel's working set: every parameter, gradient, optimizer state, activation and error
 * as a float lane array ({@code [O + element * L + lane]}, sixteen lanes in a 512-bit vector), and double
 * scratch for the element-wise expressions that the scalar float32 path evaluates in double and rounds at
 * store ({@link tiebreak.core.math.Float32}). {@link #widen} and {@link #narrow} move a lane array between
 * the two, half a vector at a time: a float's double is exact, and a double's float is Java's {@code (float)}.
 */
final class FloatLaneBuffers {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Floats of half a vector: as many as the doubles of a whole one, so a conversion keeps its lanes. */
    static final VectorSpecies<Float> HALF =
            VectorSpecies.of(float.class, VectorShape.forBitSize(LaneMath.S.vectorBitSize() / 2));
    static final int L = F.length();
    static final int H = HALF.length();
    /** The same byte offset as {@link LaneMath#O} for doubles, so that float vectors sit on the same boundaries. */
    static final int O = 2 * LaneMath.O;

    int layers;
    int[] fanIn = new int[0];
    int[] fanOut = new int[0];
    float[][] theta = new float[0][];
    float[][] grad = new float[0][];
    float[][] first = new float[0][];     // momentum v, Adam m, RMSprop s
    float[][] second = new float[0][];    // Adam v
    /** Samples per block, as the float64 kernel's: each gradient element loaded and stored once per block. */
    static final int SLOTS = LaneBuffers.SLOTS;
    // each slot's sample buffers per layer, [slot][layer]; the output layer's pre is the network's output
    float[][][] pre = new float[SLOTS][0][];
    float[][][] act = new float[SLOTS][0][];
    float[][][] delta = new float[SLOTS][0][];
    float[][] input = new float[SLOTS][0];
    float[] upstream = new float[0];
    double[] wide = new double[0];        // double scratch of the widest layer
    double[] wideAct = new double[0];
    private List<Integer> widths;

    static float[] buffer(int length) {
        return new float[O + length];
    }

    boolean fits(List<Integer> widths) {
        return widths.equals(this.widths);
    }

    void shape(List<Integer> widths) {
        this.widths = List.copyOf(widths);
        layers = widths.size() - 1;
        fanIn = new int[layers];
        fanOut = new int[layers];
        theta = new float[2 * layers][];
        grad = new float[2 * layers][];
        first = new float[2 * layers][];
        second = new float[2 * layers][];
        pre = new float[SLOTS][layers][];
        act = new float[SLOTS][layers][];
        delta = new float[SLOTS][layers][];
        int widest = 0;
        for (int l = 0; l < layers; l++) {
            int fi = widths.get(l);
            int fo = widths.get(l + 1);
            fanIn[l] = fi;
            fanOut[l] = fo;
            for (int b = 2 * l; b <= 2 * l + 1; b++) {
                int size = (b == 2 * l ? fi * fo : fo) * L;
                theta[b] = buffer(size);
                grad[b] = buffer(size);
                first[b] = buffer(size);
                second[b] = buffer(size);
            }
            for (int q = 0; q < SLOTS; q++) {
                pre[q][l] = buffer(fo * L);
                act[q][l] = buffer(fo * L);
                delta[q][l] = buffer(fo * L);
            }
            widest = Math.max(widest, Math.max(fi, fo));
        }
        input = new float[SLOTS][];
        for (int q = 0; q < SLOTS; q++) {
            input[q] = buffer(widths.get(0) * L);
        }
        upstream = buffer(widest * L);
        wide = LaneMath.buffer(widest * L);
        wideAct = LaneMath.buffer(widest * L);
    }

    /** The {@link #H} floats of {@code a} from index {@code at} as doubles (exact). */
    static DoubleVector wide(float[] a, int at) {
        return (DoubleVector) FloatVector.fromArray(HALF, a, at).convertShape(VectorOperators.F2D, LaneMath.S, 0);
    }

    /** Stores v's doubles into {@code a} from index {@code at}, each rounded to float as Java's {@code (float)}. */
    static void store(DoubleVector v, float[] a, int at) {
        ((FloatVector) v.convertShape(VectorOperators.D2F, HALF, 0)).intoArray(a, at);
    }

    /** dst[k] = src[k] for k < count (a multiple of {@link #H}), float to double. */
    static void widen(float[] src, double[] dst, int count) {
        for (int k = 0; k < count; k += H) {
            wide(src, O + k).intoArray(dst, LaneMath.O + k);
        }
    }

    /** dst[k] = (float) src[k] for k < count (a multiple of {@link #H}). */
    static void narrow(double[] src, float[] dst, int count) {
        for (int k = 0; k < count; k += H) {
            store(DoubleVector.fromArray(LaneMath.S, src, LaneMath.O + k), dst, O + k);
        }
    }

    /** Lane i takes the (float-representable) parameters in {@code from}, its optimizer state at zero. */
    void pack(int i, Parameters from) {
        for (int b = 0; b < 2 * layers; b++) {
            double[] source = from.block(b).data;
            int size = from.block(b).getNumElements();
            for (int e = 0; e < size; e++) {
                theta[b][O + e * L + i] = (float) source[e];
                first[b][O + e * L + i] = 0f;
                second[b][O + e * L + i] = 0f;
            }
        }
    }

    void copyLane(int from, int to) {
        for (int b = 0; b < 2 * layers; b++) {
            for (float[] array : new float[][] {theta[b], first[b], second[b]}) {
                for (int e = O; e < array.length; e += L) {
                    array[e + to] = array[e + from];
                }
            }
        }
    }

    void unpack(int i, Parameters into) {
        for (int b = 0; b < 2 * layers; b++) {
            double[] target = into.block(b).data;
            int size = into.block(b).getNumElements();
            for (int e = 0; e < size; e++) {
                target[e] = theta[b][O + e * L + i];
            }
        }
    }

    boolean finite(int i) {
        for (int b = 0; b < 2 * layers; b++) {
            for (int e = O + i; e < theta[b].length; e += L) {
                if (!Float.isFinite(theta[b][e])) {
                    return false;
                }
            }
        }
        return true;
    }
}
