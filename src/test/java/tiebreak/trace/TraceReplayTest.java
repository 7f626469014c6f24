package tiebreak.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tiebreak.core.math.DetMath;
import tiebreak.core.net.Activation;
import tiebreak.core.net.InitScheme;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.TaskSpec;
import tiebreak.core.spec.TieMode;

/**
 * A trace replayed from the JSON alone, with plain loops that sum in the library's order (ascending index),
 * reproduces the recorded loss at every checkpoint bit for bit.
 */
class TraceReplayTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"tanh", "relu"})
    void replayFromJson_reproducesTheLossCurveBitForBit(String activation) throws Exception {
        RunSpec spec = new RunSpec("trace", TaskSpec.teacher(4, 3, 24, 0.0), 2, 5, List.of(4, 6, 1),
                Activation.parse(activation), InitScheme.LECUN_NORMAL, 1, List.of(0, 1), TieMode.IN_OUT, 1e-6, 300,
                0.05, 1e-3, 16);
        Path file = dir.resolve("trace.json");
        RunTrace.write(spec, file);

        JsonNode t = new ObjectMapper().readTree(file.toFile());
        assertEquals(RunTrace.FORMAT, t.get("format").asText());
        double[][] x = matrix(t.get("data").get("x"));
        double[][] y = matrix(t.get("data").get("y"));
        double[][] w = matrix(t.get("initial_parameters").get(0).get("W"));
        double[] b = vector(t.get("initial_parameters").get(0).get("b"));
        double[][] v = matrix(t.get("initial_parameters").get(1).get("W"));
        double c = t.get("initial_parameters").get(1).get("b").get(0).asDouble();
        double lr = t.get("spec").get("lr").asDouble();
        boolean tanh = t.get("spec").get("activation").asText().equals("tanh");
        int n = x.length;
        int d = x[0].length;
        int h = b.length;
        JsonNode checkpoints = t.get("checkpoints");
        int next = 0;
        for (int step = 0; step <= t.get("spec").get("steps").asInt(); step++) {
            // forward: z = x w + b, a = f(z), out = a v + c
            double[][] z = new double[n][h];
            double[][] a = new double[n][h];
            double[] residual = new double[n];
            double loss = 0;
            for (int s = 0; s < n; s++) {
                double out = 0;
                for (int u = 0; u < h; u++) {
                    double sum = 0;
                    for (int k = 0; k < d; k++) {
                        sum += x[s][k] * w[k][u];
                    }
                    z[s][u] = sum + b[u];
                    a[s][u] = tanh ? DetMath.fastTanh(z[s][u]) : (z[s][u] > 0 ? z[s][u] : 0.0);
                    out += a[s][u] * v[u][0];
                }
                double r = out + c - y[s][0];
                loss += r * r;
                residual[s] = r / n;
            }
            loss /= 2.0 * n;
            if (checkpoints.get(next).get("step").asInt() == step) {
                assertEquals(checkpoints.get(next).get("loss").asDouble(), loss, 0.0, "loss at step " + step);
                next++;
            }
            // backward and update: theta <- theta - lr * grad
            double[][] gw = new double[d][h];
            double[] gb = new double[h];
            double[] gv = new double[h];
            double gc = 0;
            for (int s = 0; s < n; s++) {
                gc += residual[s];
                for (int u = 0; u < h; u++) {
                    gv[u] += a[s][u] * residual[s];
                    double dz = (residual[s] * v[u][0]) * (tanh ? 1.0 - a[s][u] * a[s][u] : (z[s][u] > 0 ? 1.0 : 0.0));
                    gb[u] += dz;
                    for (int k = 0; k < d; k++) {
                        gw[k][u] += x[s][k] * dz;
                    }
                }
            }
            for (int u = 0; u < h; u++) {
                for (int k = 0; k < d; k++) {
                    w[k][u] -= lr * gw[k][u];
                }
                b[u] -= lr * gb[u];
                v[u][0] -= lr * gv[u];
            }
            c -= lr * gc;
        }
        assertEquals(checkpoints.size(), next, "every checkpoint compared");
        assertTrue(next > 10);
    }

    private static double[][] matrix(JsonNode rows) {
        double[][] m = new double[rows.size()][];
        for (int r = 0; r < rows.size(); r++) {
            m[r] = vector(rows.get(r));
        }
        return m;
    }

    private static double[] vector(JsonNode values) {
        double[] v = new double[values.size()];
        for (int k = 0; k < values.size(); k++) {
            v[k] = values.get(k).asDouble();
        }
        return v;
    }
}
