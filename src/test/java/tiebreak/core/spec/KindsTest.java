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
}
