package tiebreak.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import tiebreak.core.net.Loss;
import tiebreak.core.spec.InvalidSpecException;
import tiebreak.core.spec.TaskSpec;

class TaskDataTest {

    @Test
    void parity_allPoints_targetIsTheProduct() {
        TaskData data = new TaskData();
        data.generate(TaskSpec.parity(3, 0), 0);
        assertEquals(8, data.samples());
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int s = 0; s < 8; s++) {
            double product = 1;
            StringBuilder key = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                double v = data.x.get(s, i);
                assertEquals(1.0, Math.abs(v));
                product *= v;
                key.append(v > 0 ? '+' : '-');
            }
            assertEquals(product, data.y.get(s, 0));
            seen.add(key.toString());
        }
        assertEquals(8, seen.size(), "every corner of the cube once");
    }

    @Test
    void parity_sampled_isSeeded() {
        TaskData a = new TaskData();
        a.generate(TaskSpec.parity(5, 40), 1);
        TaskData b = new TaskData();
        b.generate(TaskSpec.parity(5, 40), 1);
        assertEquals(java.util.Arrays.toString(a.x.data), java.util.Arrays.toString(b.x.data));
        b.generate(TaskSpec.parity(5, 40), 2);
        assertNotEquals(java.util.Arrays.toString(a.x.data), java.util.Arrays.toString(b.x.data));
    }

    @Test
    void blobs_areBalancedOneHotClasses() {
        TaskData data = new TaskData();
        data.generate(TaskSpec.blobs(2, 4, 40, 0.1), 3);
        int[] counts = new int[4];
        for (int s = 0; s < 40; s++) {
            double sum = 0;
            for (int j = 0; j < 4; j++) {
                sum += data.y.get(s, j);
            }
            assertEquals(1.0, sum);
            assertEquals(1.0, data.y.get(s, s % 4));
            counts[s % 4]++;
        }
        assertEquals(java.util.List.of(10, 10, 10, 10), java.util.Arrays.stream(counts).boxed().toList());
        // spread 0.1: samples of a class sit close to each other
        assertEquals(data.x.get(0, 0), data.x.get(4, 0), 1.0);
    }

    @Test
    void iris_isStandardisedFisherData() {
        TaskData data = new TaskData();
        data.generate(TaskSpec.iris(), 0);
        DMatrixRMaj x = data.x;
        assertEquals(150, x.numRows);
        assertEquals(4, x.numCols);
        for (int f = 0; f < 4; f++) {
            double sum = 0;
            double squares = 0;
            for (int s = 0; s < 150; s++) {
                sum += x.get(s, f);
                squares += x.get(s, f) * x.get(s, f);
            }
            assertEquals(0.0, sum / 150, 1e-12);
            assertEquals(1.0, squares / 150, 1e-12);
        }
        int[] counts = new int[3];
        for (int s = 0; s < 150; s++) {
            for (int j = 0; j < 3; j++) {
                counts[j] += (int) data.y.get(s, j);
            }
        }
        assertEquals(java.util.List.of(50, 50, 50), java.util.Arrays.stream(counts).boxed().toList());
        // The first flower: 5.1, 3.5, 1.4, 0.2 cm; sepal length mean 5.8433, population sd 0.8253.
        assertEquals((5.1 - 5.843333333333334) / 0.8253012917851409, x.get(0, 0), 1e-9);
    }

    @Test
    void softmaxCrossEntropy_matchesHandValues() {
        DMatrixRMaj out = new DMatrixRMaj(new double[][] {{1.0, 2.0, 0.5}, {0.0, 0.0, 0.0}});
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{0, 1, 0}, {0, 0, 1}});
        double lse0 = Math.log(Math.exp(1.0) + Math.exp(2.0) + Math.exp(0.5));
        double expected = ((lse0 - 2.0) + Math.log(3.0)) / 2;
        assertEquals(expected, Loss.SOFTMAX_CE.value(out, y), 1e-14);
        DMatrixRMaj grad = new DMatrixRMaj(2, 3);
        Loss.SOFTMAX_CE.gradient(out, y, grad);
        assertEquals((Math.exp(2.0 - lse0) - 1) / 2, grad.get(0, 1), 1e-14);
        assertEquals((1.0 / 3) / 2, grad.get(1, 0), 1e-14);
        assertEquals((1.0 / 3 - 1) / 2, grad.get(1, 2), 1e-14);
        assertEquals(0.5, Loss.accuracy(out, y), 0.0, "row 0 right (class 1); row 1 a three-way tie, read as class 0, wrong (class 2)");
    }

    @Test
    void badTaskParameters_areRefused() {
        assertThrows(InvalidSpecException.class, () -> TaskSpec.blobs(2, 1, 10, 0.5));
        assertThrows(InvalidSpecException.class, () -> TaskSpec.parity(30, 0));
        assertThrows(InvalidSpecException.class, () -> TaskSpec.teacher(2, 0, 10, 0));
    }
}
