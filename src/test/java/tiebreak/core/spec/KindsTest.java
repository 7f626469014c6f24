package tiebreak.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tiebreak.core.net.InitScheme;

/** Every kind of a spec is named by the text that sweep files, run ids and tables hold, and read back from it. */
class KindsTest {

    @Test
    void optimizerKinds_roundTripThroughTheirLabels() {
        for (OptimizerSpec.Kind kind : OptimizerSpec.Kind.values()) {
            OptimizerSpec spec = new OptimizerSpec(kind, kind.hasBeta() ? 0.5 : 0);
            assertEquals(spec, OptimizerSpec.parse(spec.label()));
            assertEquals(kind, OptimizerSpec.parse(spec.label()).kind());
        }
        assertEquals("sgd momentum rmsprop adam", String.join(" ", java.util.Arrays.stream(OptimizerSpec.Kind.values())
                .map(OptimizerSpec.Kind::label).toList()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sgd            | sgd",
        "' adam '       | adam",
        "rmsprop        | rmsprop:0.9",
        "rmsprop:0.5    | rmsprop:0.5",
        "momentum:0.9   | momentum:0.9",
        "momentum:0     | momentum:0.0",
        "adam:0         | adam",
    })
    void optimizer_parsesToItsLabel(String text, String label) {
        assertEquals(label, OptimizerSpec.parse(text).label());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "adagrad        | unknown optimizer 'adagrad', expected one of [sgd, momentum:β, adam, rmsprop, rmsprop:ρ]",
        "adagrad:0.5    | unknown optimizer 'adagrad', expected one of [sgd, momentum:β, adam, rmsprop, rmsprop:ρ]",
        "adam:x         | unknown optimizer 'adam:x', expected one of [sgd, momentum:β, adam, rmsprop, rmsprop:ρ]",
        "ADAM           | unknown optimizer 'ADAM', expected one of [sgd, momentum:β, adam, rmsprop, rmsprop:ρ]",
        "momentum       | momentum needs its β, e.g. momentum:0.9",
        "momentum:1     | momentum needs 0 <= β < 1, got 1.0",
        "sgd:0.1        | sgd takes no parameter",
    })
    void optimizer_refusesWithItsMessage(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> OptimizerSpec.parse(text)).getMessage());
    }

    @Test
    void initKinds_roundTripThroughTheirLabels() {
        for (InitScheme.Kind kind : InitScheme.Kind.values()) {
            InitScheme init = new InitScheme(kind, kind == InitScheme.Kind.CONSTANT ? -0.25 : 0);
            assertEquals(init, InitScheme.parse(init.label()));
        }
        assertEquals("lecun-normal xavier-uniform he-normal zero constant", String.join(" ",
                java.util.Arrays.stream(InitScheme.Kind.values()).map(InitScheme.Kind::label).toList()));
        assertEquals("constant:0.0", InitScheme.parse("constant").label());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "glorot         | unknown init 'glorot', expected one of [lecun-normal, xavier-uniform, he-normal, zero, constant:c]",
        "' Zero '       | unknown init 'Zero', expected one of [lecun-normal, xavier-uniform, he-normal, zero, constant:c]",
        "constant:x     | unknown init 'constant:x': constant:c needs a number c",
        "constant:NaN   | init constant must be finite, and only for constant:c",
    })
    void init_refusesWithItsMessage(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> InitScheme.parse(text)).getMessage());
    }

    @Test
    void taskKinds_roundTripThroughTheirNames() {
        for (TaskSpec task : java.util.List.of(TaskSpec.teacher(2, 3, 4, 0.1), TaskSpec.parity(3, 0),
                TaskSpec.blobs(2, 3, 6, 0.5), TaskSpec.iris())) {
            assertEquals(task.kind(), TaskSpec.Kind.parse(task.name()));
            assertEquals(task.kind().label(), task.name());
        }
        assertEquals(java.util.List.of("teacher", "parity", "blobs", "iris"), TaskSpec.NAMES);
        assertEquals("unknown task 'parrot', expected one of [teacher, parity, blobs, iris]",
                assertThrows(IllegalArgumentException.class, () -> TaskSpec.Kind.parse("parrot")).getMessage());
    }

    @Test
    void trainingKinds_roundTripThroughTheirLabels() {
        for (Training.UpdateOrder order : Training.UpdateOrder.values()) {
            assertEquals(order, Training.UpdateOrder.parse(order.label()));
        }
        for (Training.Gradient gradient : Training.Gradient.values()) {
            assertEquals(gradient, Training.Gradient.parse(gradient.label()));
        }
        for (Training.Precision precision : Training.Precision.values()) {
            assertEquals(precision, Training.Precision.parse(precision.label()));
        }
        Training plain = Training.PLAIN;
        assertEquals("simultaneous backprop float64", plain.updateOrder().label() + " " + plain.gradient().label() + " "
                + plain.precision().label());
        assertEquals("sequential finite-difference float32", Training.UpdateOrder.SEQUENTIAL.label() + " "
                + Training.Gradient.FINITE_DIFFERENCE.label() + " " + Training.Precision.FLOAT32.label());
        assertEquals("unknown value 'float16', expected one of [float64, float32]",
                assertThrows(IllegalArgumentException.class, () -> Training.Precision.parse("float16")).getMessage());
        assertEquals("unknown value 'random', expected one of [simultaneous, sequential]",
                assertThrows(IllegalArgumentException.class, () -> Training.UpdateOrder.parse("random")).getMessage());
        assertEquals("unknown value 'adjoint', expected one of [backprop, finite-difference]",
                assertThrows(IllegalArgumentException.class, () -> Training.Gradient.parse("adjoint")).getMessage());
    }

    /** The boolean views the trainers read, and the run id's keys of what is not plain. */
    @Test
    void training_switchesOnlyWhatItNames() {
        Training all = new Training(OptimizerSpec.SGD, 0, 0, 0, 0, 0, Training.UpdateOrder.SEQUENTIAL,
                Training.Gradient.FINITE_DIFFERENCE, 1e-4, Training.Precision.FLOAT32, 0, 0);
        assertEquals(java.util.List.of(true, true, true), java.util.List.of(all.sequential(), all.finiteDifference(),
                all.float32()));
        Training plain = Training.PLAIN;
        assertEquals(java.util.List.of(false, false, false), java.util.List.of(plain.sequential(),
                plain.finiteDifference(), plain.float32()));
        assertEquals(";update_order=sequential;gradient=finite-difference;fd_step=1.0E-4;precision=float32",
                all.canonicalChanges());
        assertEquals("", plain.canonicalChanges());
    }
}
