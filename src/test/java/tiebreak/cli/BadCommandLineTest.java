package tiebreak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Command-line misuse, command by command: exit 2, one line on stderr that names the option or argument and
 * what was expected, nothing on stdout, and nothing written anywhere. (Malformed sweep files have their own
 * table, BadSweepFileTest.) In the command, GOOD is a valid sweep file, FOLDER an empty folder, FILE a plain
 * file, NOWHERE a path that does not exist.
 */
class BadCommandLineTest {
    @TempDir
    Path dir;

    @BeforeEach
    void files() throws Exception {
        Files.writeString(dir.resolve("good.yaml"), SweepCommandTest.SWEEP);
        Files.createDirectories(dir.resolve("folder"));
        Files.writeString(dir.resolve("file"), "x");
    }

    @ParameterizedTest(name = "{index}: tiebreak {0}")
    @CsvSource(delimiter = '|', textBlock = """
        ''                                         | a command is required
        frobnicate                                 | Unmatched argument at index 0: 'frobnicate'
        sweep                                      | Missing required parameter: 'CONFIG'
        sweep GOOD --seeds 0                       | --seeds: expected a count >= 1, got 0
        sweep GOOD --seeds -3                      | --seeds: expected a count >= 1, got -3
        sweep GOOD --seeds many                    | Invalid value for option '--seeds': 'many' is not an int
        sweep GOOD --seeds 99999999999             | Invalid value for option '--seeds'
        sweep GOOD --partitions 0                  | --partitions: expected a count >= 1
        sweep GOOD --chunk-runs 0                  | --chunk-runs: expected a count >= 1
        sweep GOOD --chunk-runs x                  | Invalid value for option '--chunk-runs'
        sweep GOOD --resume --overwrite            | --resume and --overwrite exclude each other
        sweep GOOD --out FILE                      | --out: FILE is a file, expected a folder
        sweep GOOD --out /proc/tiebreak-cannot     | --out: /proc/tiebreak-cannot cannot be written
        sweep GOOD GOOD                            | Unmatched argument at index 2
        sweep GOOD --colour                        | Unknown option: '--colour'
        sweep GOOD --out                           | Missing required parameter for option '--out'
        sweep FOLDER                               | FOLDER: is a folder, expected a sweep file
        sweep /dev/zero                            | /dev/zero: is not a regular file
        sweep NOWHERE                              | NOWHERE: no such file
        plan GOOD --cores 0                        | --cores: expected a count >= 1, got 0
        plan GOOD --seeds 0                        | --seeds: expected a count >= 1, got 0
        plan NOWHERE                               | NOWHERE: no such file
        plan                                       | Missing required parameter: 'CONFIG'
        query                                      | Missing required parameter: 'DIR'
        query NOWHERE                              | NOWHERE: no runs table here
        query FOLDER                               | FOLDER: no runs table here
        query FOLDER --format xml                  | Invalid value for option '--format': expected table, csv or json, got 'xml'
        query FOLDER --limit 0                     | --limit: expected a count >= 1, got 0
        query FOLDER --limit x                     | Invalid value for option '--limit'
        trace NOWHERE 0123456789abcdef             | NOWHERE: no such file or folder (expected a result folder
        trace GOOD                                 | with a sweep file give --index K
        trace GOOD --index -1                      | --index
        trace GOOD --index 48                      | --index
        trace FOLDER --index 0                     | with a result folder give a RUN_ID, not --index
        bench GOOD --repeat 0                      | --repeat must be >= 1 and --warmup >= 0
        bench GOOD --warmup -1                     | --repeat must be >= 1 and --warmup >= 0
        bench NOWHERE                              | NOWHERE: no such file
        report NOWHERE                             | NOWHERE
        report FOLDER                              | FOLDER
        """)
    void misuse_isOneLineExit2_andWritesNothing(String line, String expected) throws Exception {
        List<String> args = new ArrayList<>();
        for (String word : line == null || line.isEmpty() ? new String[0] : line.split(" ")) {
            args.add(path(word));
        }
        List<String> before = listing();
        SweepCommandTest.Result r = SweepCommandTest.run(args.toArray(String[]::new));
        assertEquals(2, r.exit(), line + ": " + r.err());
        assertEquals(1, r.err().strip().lines().count(), line + ": " + r.err());
        assertTrue(r.err().contains(path(expected)), line + ": " + r.err());
        assertEquals("", r.out(), line);
        assertEquals(before, listing(), "nothing written");
    }

    private String path(String word) {
        return word.replace("GOOD", dir.resolve("good.yaml").toString()).replace("FOLDER", dir.resolve("folder").toString())
                .replace("NOWHERE", dir.resolve("nowhere").toString()).replace("FILE", dir.resolve("file").toString());
    }

    private List<String> listing() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(p -> p + ":" + p.toFile().length()).sorted().toList();
        }
    }
}
