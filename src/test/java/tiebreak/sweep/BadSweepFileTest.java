package tiebreak.sweep;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each malformed sweep file is a one-line error that names the file, the key and what was expected. */
class BadSweepFileTest {
    @TempDir
    Path dir;

    /** The valid example with one replacement applied; "key" is what the message must name. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        unknown activation      | 'activation: [tanh, relu]'  | 'activation: [tanh, tahn]'   | grid.activation[1] | unknown activation 'tahn'
        unknown tie mode        | 'tie_units: [0, 2]'         | 'tie_mode: both'             | tie_mode           | unknown tie mode 'both'
        zero width              | '[8, 16, 1]'                | '[8, 0, 1]'                  | grid.widths[1][1]  | expected an integer >= 1
        negative width          | '[8, 16, 1]'                | '[8, -3, 1]'                 | grid.widths[1][1]  | expected an integer >= 1
        zero learning rate      | 'lr: 0.1'                   | 'lr: 0'                      | lr                 | expected a finite number > 0
        negative learning rate  | 'lr: 0.1'                   | 'lr: -0.5'                   | lr                 | expected a finite number > 0
        tie unit out of range   | 'tie_units: [0, 2]'         | 'tie_units: [0, 4]'          | tie_units          | out of range for layer 1 of width 4
        same tie units          | 'tie_units: [0, 2]'         | 'tie_units: [1, 1]'          | tie_units[1]       | expected different units
        empty axis              | 'epsilon: [0, 1e-6]'        | 'epsilon: []'                | grid.epsilon       | expected a non-empty list
        unknown key             | 'steps: 50'                 | 'stpes: 50'                  | stpes              | did you mean 'steps'
        unknown grid key        | 'activation: [tanh, relu]'  | 'activaton: [tanh, relu]'    | grid.activaton     | did you mean 'activation'
        wrong type              | 'steps: 50'                 | 'steps: many'                | steps              | expected an integer >= 1
        fractional steps        | 'steps: 50'                 | 'steps: 2.5'                 | steps              | expected an integer >= 1
        widths vs task          | '[8, 16, 1]'                | '[7, 16, 1]'                 | grid.widths        | the task has 8 inputs
        tie layer too deep      | 'tie_units: [0, 2]'         | 'tie_layer: 2'               | tie_layer          | not a hidden layer
        missing task            | 'task: {name: teacher, d: 8, m: 4, n: 64}' | 'description: x' | task           | missing
        unknown task            | 'name: teacher'             | 'name: parrot'               | task.name          | unknown task 'parrot'
        no seeds                | 'seeds: 3'                  | 'seeds: 0'                   | seeds              | expected an integer >= 1
        duplicate axis value    | 'activation: [tanh, relu]'  | 'activation: [tanh, tanh]'   | grid.activation[1] | appears twice
        set twice               | 'steps: 50'                 | 'steps: 50\\nepsilon: 0'     | grid.epsilon       | also set at the top level
        negative epsilon        | 'epsilon: [0, 1e-6]'        | 'epsilon: [0, -1e-6]'        | grid.epsilon[1]    | expected a finite number >= 0
        parameter of another task | 'n: 64}'                  | 'n: 64, k: 3}'               | task.k             | not a parameter of task teacher
        unknown optimizer       | 'steps: 50'                 | 'optimizer: adagrad'         | optimizer          | unknown optimizer 'adagrad'
        momentum without beta   | 'steps: 50'                 | 'optimizer: momentum'        | optimizer          | momentum needs its β
        dropout of one          | 'steps: 50'                 | 'dropout: 1'                 | dropout            | expected a probability in [0, 1)
        batch larger than data  | 'steps: 50'                 | 'batch_size: 65'             | batch_size         | at most the task's 64 samples
        unknown update order    | 'steps: 50'                 | 'update_order: random'       | update_order       | expected one of [simultaneous, sequential]
        unknown precision       | 'steps: 50'                 | 'precision: float16'         | precision          | expected one of [float64, float32]
        bad init constant       | 'steps: 50'                 | 'init: constant:x'           | init               | constant:c needs a number
        variant key on an axis  | 'steps: 50'                 | 'variants: [{epsilon: 1}]'   | variants[0].epsilon | also an axis under grid
        duplicate variant       | 'steps: 50'                 | 'variants: [{}, {}]'         | variants[1]        | appears twice
        empty variants          | 'steps: 50'                 | 'variants: []'               | variants           | expected a non-empty list
        """)
    void malformed_isOneLineNamingFileAndKey(String name, String from, String to, String key, String expected)
            throws Exception {
        String yaml = SweepFileTest.EXAMPLE.replace(from, to.replace("\\n", "\n"));
        assertFalse(yaml.equals(SweepFileTest.EXAMPLE), "the case must change the file");
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, yaml);
        ConfigException e = assertThrows(ConfigException.class, () -> SweepFile.read(file));
        assertOneLine(e.getMessage(), file + ": " + key + ": ", expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        malformed YAML    | 'name: x\\n  task: [unclosed'   | malformed YAML at line
        empty file        | ''                               | the file is empty
        not a mapping     | '- a\\n- b'                      | expected a mapping of keys
        duplicate key     | 'name: a\\nname: b'              | malformed YAML
        """)
    void unreadable_isOneLineNamingFile(String name, String yaml, String expected) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, yaml == null ? "" : yaml.replace("\\n", "\n"));
        ConfigException e = assertThrows(ConfigException.class, () -> SweepFile.read(file));
        assertOneLine(e.getMessage(), file + ": ", expected);
    }

    @org.junit.jupiter.api.Test
    void emptyGrid_isRefused() throws Exception {
        String yaml = SweepFileTest.EXAMPLE.substring(0, SweepFileTest.EXAMPLE.indexOf("grid:")) + "widths: [8, 4, 1]\ngrid: {}\n";
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, yaml);
        ConfigException e = assertThrows(ConfigException.class, () -> SweepFile.read(file));
        assertOneLine(e.getMessage(), file + ": grid: ", "expected a mapping of axes");
    }

    @org.junit.jupiter.api.Test
    void missingFile_isNamed() {
        Path file = dir.resolve("nowhere.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> SweepFile.read(file));
        assertOneLine(e.getMessage(), file + ": ", "no such file");
    }

    static void assertOneLine(String message, String prefix, String expected) {
        assertFalse(message.contains("\n"), "one line: " + message);
        assertTrue(message.startsWith(prefix), "starts with '" + prefix + "': " + message);
        assertTrue(message.contains(expected), "mentions '" + expected + "': " + message);
    }
}
