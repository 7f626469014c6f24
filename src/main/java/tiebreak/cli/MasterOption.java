package tiebreak.cli;

import picocli.CommandLine.Option;

/** {@code --master}, for the commands that start Spark. */
final class MasterOption {
    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master URL. Default: the one spark-submit gives, else local[*] (every core here).")
    String master;
}
