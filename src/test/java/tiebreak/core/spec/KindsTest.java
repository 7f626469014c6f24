package tiebreak.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
}
