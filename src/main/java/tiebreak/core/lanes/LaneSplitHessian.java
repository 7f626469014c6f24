package tiebreak.core.lanes;

import static tiebreak.core.lanes.LaneMath.L;
import static tiebreak.core.lanes.LaneMath.O;
import static tiebreak.core.lanes.LaneMath.S;

import java.util.List;
import jdk.incubator.vector.DoubleVector;
import tiebreak.core.net.Activation;
import tiebreak.core.net.Loss;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.task.TaskData;
import tiebreak.core.tie.SplitHessian;

/**
 * {@link SplitHessian#matrix} for every lane of a float64 batch at once: the forward pass at each lane's
 * symmetric point and the accumulation of H_aa over the samples with vectors over the lanes, each lane's
 * operations those of the scalar code in its order (sums from 0.0 in ascending index, then the bias), so
 * each lane's matrix has the scalar bits; f is the kernel's vector f (GELU's the scalar one), f' and f''
 * the scalar functions on each lane's element. For MSE tasks whose lanes all tie the same pair of the same layer; otherwise
 * {@link #forBatch} gives null and each lane is measured on its own.
 */
final class LaneSplitHessian {
    private final List<Integer> widths;
    private final Activation f;
    private final int inLayer;
    private final int i;
    private final int j;
    private final int fanIn;
    private final int fanOut;
    private final int size;
    private final int samples;
    private final double[][] theta;      // the symmetrised parameters, lane arrays as LaneBuffers.theta
    private final double[][] pre;        // per layer, [O + (s * width + u) * L + lane]
    private final double[][] act;
    private final double[][] g;
    private final double[] hessian;      // [O + (r * size + c) * L + lane]
    private final double[] d1 = new double[L];
    private final double[] d2 = new double[L];
    private final double[] gv = new double[L];
    private final double[][] matrices;

    private LaneSplitHessian(RunSpec model, int samples) {
        this.widths = List.copyOf(model.widths());
        this.f = model.activation();
        this.inLayer = model.tieLayer() - 1;
        this.i = model.tieUnits().get(0);
        this.j = model.tieUnits().get(1);
        this.fanIn = widths.get(inLayer);
        this.fanOut = widths.get(inLayer + 2);
        this.size = fanIn + 1 + fanOut;
        this.samples = samples;
        int layers = widths.size() - 1;
        theta = new double[2 * layers][];
        pre = new double[layers][];
        act = new double[layers][];
        g = new double[layers][];
        for (int l = 0; l < layers; l++) {
            theta[2 * l] = LaneMath.buffer(widths.get(l) * widths.get(l + 1) * L);
            theta[2 * l + 1] = LaneMath.buffer(widths.get(l + 1) * L);
            pre[l] = LaneMath.buffer(samples * widths.get(l + 1) * L);
            act[l] = LaneMath.buffer(samples * widths.get(l + 1) * L);
            g[l] = LaneMath.buffer(samples * widths.get(l + 1) * L);
        }
        hessian = LaneMath.buffer(size * size * L);
        matrices = new double[L][size * size];
    }

    /**
     * For a batch whose every lane measures H_aa ({@link SplitHessian#measures}) on an MSE task, with one tie
     * layer and pair; null otherwise. {@code kept} (may be null) is reused where it has the batch's shape.
     */
    static LaneSplitHessian forBatch(RunSpec[] lanes, int samples, LaneSplitHessian kept) {
        RunSpec model = lanes[0];
        if (model.task().loss() != Loss.MSE) {
            return null;
        }
        for (RunSpec lane : lanes) {
            if (!SplitHessian.measures(lane) || lane.tieLayer() != model.tieLayer()
                    || !lane.tieUnits().subList(0, 2).equals(model.tieUnits().subList(0, 2))) {
                return null;
            }
        }
        boolean fits = kept != null && kept.samples == samples && kept.widths.equals(model.widths())
                && kept.f == model.activation() && kept.inLayer == model.tieLayer() - 1
                && kept.i == model.tieUnits().get(0) && kept.j == model.tieUnits().get(1);
        return fits ? kept : new LaneSplitHessian(model, samples);
    }

    /** Each lane's H_aa (row-major; views, overwritten by the next call) at the parameters in {@code current}. */
    double[][] matrices(double[][] current, TaskData data) {
        symmetrise(current);
        forward(data);
        int last = widths.size() - 2;
        outputErrors(data, last);
        for (int l = last - 1; l >= inLayer + 1; l--) {
            backOneLayer(l);
        }
        accumulate(data);
        for (int lane = 0; lane < L; lane++) {
            double[] m = matrices[lane];
            for (int r = 0; r < size; r++) {
                for (int c = r; c < size; c++) {
                    m[r * size + c] = hessian[O + (r * size + c) * L + lane];
                    m[c * size + r] = m[r * size + c];
                }
            }
        }
        return matrices;
    }

    /** theta = current with units i and j of the tie layer set to their mean in every lane (SplitHessian's formula). */
    private void symmetrise(double[][] current) {
        for (int b = 0; b < theta.length; b++) {
            System.arraycopy(current[b], 0, theta[b], 0, theta[b].length);
        }
        int out = widths.get(inLayer + 1);
        for (int r = 0; r < fanIn; r++) {
            mean(theta[2 * inLayer], r * out + i, r * out + j);
        }
        mean(theta[2 * inLayer + 1], i, j);
        int next = widths.get(inLayer + 2);
        for (int c = 0; c < next; c++) {
            mean(theta[2 * inLayer + 2], i * next + c, j * next + c);
        }
    }

    private static void mean(double[] lanes, int a, int b) {
        for (int lane = 0; lane < L; lane++) {
            double m = 0.5 * lanes[O + a * L + lane] + 0.5 * lanes[O + b * L + lane];
            lanes[O + a * L + lane] = m;
            lanes[O + b * L + lane] = m;
        }
    }

    /** z = Σ_k in_k w_k from 0.0, plus b; a = f(z) on hidden layers; the data broadcast into the lanes. */
    private void forward(TaskData data) {
        int last = widths.size() - 2;
        double[] x = data.x.data;
        for (int l = 0; l <= last; l++) {
            int in = widths.get(l);
            int out = widths.get(l + 1);
            double[] w = theta[2 * l];
            double[] bias = theta[2 * l + 1];
            for (int s = 0; s < samples; s++) {
                for (int u = 0; u < out; u++) {
                    DoubleVector sum = DoubleVector.zero(S);
                    for (int k = 0; k < in; k++) {
                        DoubleVector input = l == 0 ? DoubleVector.broadcast(S, x[s * in + k])
                                : DoubleVector.fromArray(S, act[l - 1], O + (s * in + k) * L);
                        sum = sum.add(input.mul(DoubleVector.fromArray(S, w, O + (k * out + u) * L)));
                    }
                    sum.add(DoubleVector.fromArray(S, bias, O + u * L)).intoArray(pre[l], O + (s * out + u) * L);
                }
            }
            if (l < last) {
                // the kernel's vector f (the scalar bits, LaneMathTest); GELU's needs the kernel's scratch, so
                // it is the scalar loop here
                if (f == Activation.GELU) {
                    f.forward(pre[l], act[l], pre[l].length);
                } else {
                    LaneMath.forward(f, pre[l], act[l], samples * out * L);
                }
            }
        }
    }

    /** g = (ŷ − y)/n at the output, as Loss.MSE.gradient. */
    private void outputErrors(TaskData data, int last) {
        int k = widths.get(last + 1);
        double n = samples;
        double[] y = data.y.data;
        for (int e = 0; e < samples * k; e++) {
            DoubleVector.fromArray(S, pre[last], O + e * L).sub(y[e]).div(n).intoArray(g[last], O + e * L);
        }
    }

    /** g_l = (Σ_u g_{l+1,u} w_{k,u} from 0.0) · f'(z_l), f' the scalar function on each lane's element. */
    private void backOneLayer(int l) {
        int in = widths.get(l + 1);
        int out = widths.get(l + 2);
        double[] w = theta[2 * (l + 1)];
        for (int s = 0; s < samples; s++) {
            for (int k = 0; k < in; k++) {
                DoubleVector sum = DoubleVector.zero(S);
                for (int u = 0; u < out; u++) {
                    sum = sum.add(DoubleVector.fromArray(S, g[l + 1], O + (s * out + u) * L)
                            .mul(DoubleVector.fromArray(S, w, O + (k * out + u) * L)));
                }
                int at = O + (s * in + k) * L;
                sum.intoArray(g[l], at);
                for (int lane = 0; lane < L; lane++) {
                    g[l][at + lane] = g[l][at + lane] * f.derivative(pre[l][at + lane], act[l][at + lane]);
                }
            }
        }
    }

    /** H_aa's upper triangle over the samples, in SplitHessian.matrix's order. */
    private void accumulate(TaskData data) {
        java.util.Arrays.fill(hessian, 0.0);
        int width = widths.get(inLayer + 1);
        double[] v = theta[2 * inLayer + 2];
        double[] gNext = g[inLayer + 1];
        double[] x = data.x.data;
        for (int s = 0; s < samples; s++) {
            int unit = O + (s * width + i) * L;
            for (int lane = 0; lane < L; lane++) {
                double zs = pre[inLayer][unit + lane];
                double as = act[inLayer][unit + lane];
                d1[lane] = f.derivative(zs, as);
                d2[lane] = f.secondDerivative(zs, as);
                double sum = 0.0;
                for (int o = 0; o < fanOut; o++) {
                    sum += gNext[O + (s * fanOut + o) * L + lane] * v[O + (i * fanOut + o) * L + lane];
                }
                gv[lane] = sum;
            }
            DoubleVector curvature = DoubleVector.fromArray(S, gv, 0).mul(DoubleVector.fromArray(S, d2, 0));
            DoubleVector slope = DoubleVector.fromArray(S, d1, 0);
            for (int r = 0; r <= fanIn; r++) {
                DoubleVector ur = input(x, s, r);
                DoubleVector curvatureUr = curvature.mul(ur);
                for (int c = r; c <= fanIn; c++) {
                    int at = O + (r * size + c) * L;
                    DoubleVector.fromArray(S, hessian, at).add(curvatureUr.mul(input(x, s, c))).intoArray(hessian, at);
                }
                DoubleVector slopeUr = slope.mul(ur);
                for (int o = 0; o < fanOut; o++) {
                    int at = O + (r * size + fanIn + 1 + o) * L;
                    DoubleVector.fromArray(S, hessian, at)
                            .add(slopeUr.mul(DoubleVector.fromArray(S, gNext, O + (s * fanOut + o) * L)))
                            .intoArray(hessian, at);
                }
            }
        }
    }

    /** The tie unit's input r for sample s in every lane (the data, or the layer below's activations), 1 for r = fanIn. */
    private DoubleVector input(double[] x, int s, int r) {
        if (r == fanIn) {
            return DoubleVector.broadcast(S, 1.0);
        }
        return inLayer == 0 ? DoubleVector.broadcast(S, x[s * fanIn + r])
                : DoubleVector.fromArray(S, act[inLayer - 1], O + (s * fanIn + r) * L);
    }
}
