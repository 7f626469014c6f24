package tiebreak.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
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
        not-a-number lr         | 'lr: 0.1'                   | 'lr: .nan'                   | lr                 | expected a finite number > 0, got NaN
        infinite lr             | 'lr: 0.1'                   | 'lr: .inf'                   | lr                 | expected a finite number > 0, got Infinity
        minus infinity epsilon  | 'epsilon: [0, 1e-6]'        | 'epsilon: [0, -.Inf]'        | grid.epsilon[1]    | expected a finite number >= 0
        quoted number           | 'lr: 0.1'                   | 'lr: "0.1"'                  | lr                 | expected a finite number > 0, got '0.1'
        YAML 1.1 boolean        | 'steps: 50'                 | 'trajectories: yes'          | trajectories       | expected true or false, got 'yes'
        width over int          | '[8, 16, 1]'                | '[8, 3000000000, 1]'         | grid.widths[1][1]  | expected an integer <= 2147483647
        huge width              | '[8, 16, 1]'                | '[8, 100000000, 1]'          | grid.widths        | over the limit of 128.0 MiB per run
        huge samples            | 'n: 64}'                    | 'n: 2000000000}'             | task.n             | over the limit of 128.0 MiB of arrays per run
        huge teacher            | 'm: 4'                      | 'm: 100000000'               | task.m             | over the limit of 128.0 MiB
        huge checkpoints        | 'steps: 50'                 | 'checkpoints: 2000000000'    | checkpoints        | expected at most 10000
        huge steps              | 'steps: 50'                 | 'steps: 2147483647'          | steps              | expected at most 1000000000 steps
        huge seed count         | 'seeds: 3'                  | 'seeds: 100000000'           | seeds              | expected at most 10,000,000 seeds
        huge seed range         | 'seeds: 3'                  | 'seeds: {from: 0, to: 9223372036854775807}' | seeds.to | expected a last seed between from (0) and from + 9,999,999
        huge max_runs           | 'seeds: 3'                  | 'seeds: 3\nmax_runs: 10000000000' | max_runs    | expected at most 1,000,000,000
        over the run limit      | 'seeds: 3'                  | 'seeds: 9000000\nmax_runs: 50000000' | grid       | expands to 72,000,000 runs (8 conditions x 9,000,000 seeds), over max_runs = 50,000,000; raise max_runs to allow it
        recursive alias         | 'tie_units: [0, 2]'         | 'tie_units: &t [0, *t]'      | tie_units[1]       | a recursive alias
        unsupported tag         | 'steps: 50'                 | 'steps: !custom 50'          | steps              | the tag !custom is not supported
        mistagged number        | 'steps: 50'                 | 'steps: !!int fifty'         | steps              | 'fifty' is not a valid !!int
        tagged mapping          | 'task: {'                   | 'task: !!set {'              | task               | is not supported
        nested key twice        | 'n: 64}'                    | 'n: 64, n: 65}'              | task.n             | given twice (lines 2 and 2)
        merge of a number       | 'steps: 50'                 | 'steps: 50\n<<: 3'          | <<                 | a merge key (<<) takes a mapping
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
        duplicate key     | 'name: a\\nname: b'              | name: given twice (lines 1 and 2)
        undefined alias   | 'name: *nothing'                 | malformed YAML at line 1, column 7: found undefined alias nothing
        two documents     | 'name: a\\n---\\nname: b'        | a second YAML document starts at line 3
        global tag        | 'steps: !!python/object 50'      | Global tag is not allowed
        complex key       | '? [a]\\n: 1'                    | expected a key (a word), got a sequence (line 1)
        """)
    void unreadable_isOneLineNamingFile(String name, String yaml, String expected) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, yaml == null ? "" : yaml.replace("\\n", "\n"));
        ConfigException e = assertThrows(ConfigException.class, () -> SweepFile.read(file));
        assertOneLine(e.getMessage(), file + ": ", expected);
    }

    @org.junit.jupiter.api.Test
    void nestingTooDeep_isOneLine() throws Exception {
        Path file = dir.resolve("deep.yaml");
        Files.writeString(file, "name: " + "[".repeat(200) + "]".repeat(200) + "\n");
        ConfigException e = assertThrows(ConfigException.class, () -> SweepFile.read(file));
        assertOneLine(e.getMessage(), file + ": ", "malformed YAML");
    }

    /** Nine lists of nine aliases, seven deep: 9^7 values if expanded. Refused at the budget, in milliseconds. */
    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.Timeout(10)
    void aliasBomb_isRefusedAtTheValueBudget() throws Exception {
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (int level = 1; level <= 7; level++) {
            String previous = "*a" + (level - 1);
            yaml.append("a").append(level).append(": &a").append(level).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, previous))).append("]\n");
        }
        Path file = dir.resolve("bomb.yaml");
        Files.writeString(file, yaml.toString());
        ConfigException e = assertThrows(ConfigException.class, () -> SweepFile.read(file));
        assertOneLine(e.getMessage(), file + ": a6[0]", "expands to more than 1000000 values");
    }

    @org.junit.jupiter.api.Test
    void aFolder_aDevice_aPipe_aHugeFile_andBinary_areRefusedBeforeReading() throws Exception {
        ConfigException folder = assertThrows(ConfigException.class, () -> SweepFile.read(dir));
        assertOneLine(folder.getMessage(), dir + ": ", "is a folder, expected a sweep file");
        Path zero = Path.of("/dev/zero");
        ConfigException device = assertThrows(ConfigException.class, () -> SweepFile.read(zero));
        assertOneLine(device.getMessage(), "/dev/zero: ", "is not a regular file");
        Path fifo = dir.resolve("fifo.yaml");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        ConfigException pipe = assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> assertThrows(ConfigException.class, () -> SweepFile.read(fifo)));
        assertOneLine(pipe.getMessage(), fifo + ": ", "is not a regular file");
        Path huge = dir.resolve("huge.yaml");
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(3L << 30);   // sparse: 3 GiB that take no disk
        }
        ConfigException big = assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> assertThrows(ConfigException.class, () -> SweepFile.read(huge)));
        assertOneLine(big.getMessage(), huge + ": ", "is larger than 1,048,576 bytes");
        Path binary = dir.resolve("binary.yaml");
        Files.write(binary, new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xC3, (byte) 0x28});
        ConfigException notText = assertThrows(ConfigException.class, () -> SweepFile.read(binary));
        assertOneLine(notText.getMessage(), binary + ": ", "is not UTF-8 text");
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
