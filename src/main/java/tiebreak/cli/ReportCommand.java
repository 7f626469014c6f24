package tiebreak.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tiebreak.report.Report;
import tiebreak.spark.Sessions;

/** {@code report DIR}: DIR/report/index.html, the interactive page of docs/report.md. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Writes DIR/report/index.html: an interactive page of the sweep's outcomes (heat maps over its "
                + "axes), trajectories, epsilon law, growth rates and summary table, viewable offline.")
public final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "A sweep's result folder.")
    Path dir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(dir.resolve("runs")) || !Files.isDirectory(dir.resolve("summary"))) {
            throw new BadInput(dir + ": expected a sweep's result folder (runs, summary)");
        }
        String title = "tiebreak sweep " + dir.getFileName();
        Path manifest = dir.resolve("sweep.json");
        if (Files.exists(manifest)) {
            title = "tiebreak sweep " + new com.fasterxml.jackson.databind.ObjectMapper().readTree(manifest.toFile())
                    .get("sweep").asText();
        }
        Path index = Report.write(Sessions.create(null, "tiebreak report"), dir, title);
        spec.commandLine().getOut().println("report: " + index);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
