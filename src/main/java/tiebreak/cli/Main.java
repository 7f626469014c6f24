package tiebreak.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tiebreak} command line: one subcommand per class. */
@Command(name = "tiebreak",
        mixinStandardHelpOptions = true,
        version = "tiebreak 0.1.0",
        description = "Do tied hidden units stay tied? Runs sweeps of small trainings on Spark.",
        subcommands = {SweepCommand.class, PlanCommand.class, QueryCommand.class, ReportCommand.class, TraceCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit code for bad input (sweep file, options, paths). */
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: sweep, plan, query, report, trace or bench (see --help)");
    }

    public static void main(String[] args) {
        JitDirectives.installInBackground();
        if (Boolean.getBoolean("tiebreak.debug")) {
            // Spark's own warnings, which the shipped log4j2.properties keeps off the console
            org.apache.logging.log4j.core.config.Configurator.setRootLevel(org.apache.logging.log4j.Level.WARN);
        }
        String command = args.length > 0 && !args[0].startsWith("-") ? args[0] : "tiebreak";
        Interruption.install(command);
        int exit;
        try {
            exit = commandLine().execute(args);
        } catch (Throwable e) {    // an Error, which picocli passes on: one line, as for any failure
            System.err.println(command + ": failed: " + String.valueOf(e).lines().findFirst().orElse(e.getClass().getName()));
            exit = 1;
        }
        Interruption.finished();
        if (exit == 0 && "yarn".equals(System.getProperty("spark.master"))
                && "cluster".equals(System.getProperty("spark.submit.deployMode"))) {
            // a YARN cluster-mode driver: the application master runs main in a thread and reports success when
            // it returns; it reports an exit before that as a failure ("Shutdown hook called before final status
            // was reported"), whatever its code, and exits itself once it has reported
            return;
        }
        System.exit(exit);
    }

    /**
     * The configured command line, the one place that turns exceptions into output: a bad option (picocli's
     * ParameterException), bad input a command finds ({@link BadInput}) and a malformed sweep file are one
     * line on stderr and exit code 2; any other failure one line and exit code 1.
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println(e.getCommandLine().getCommandName() + ": " + e.getMessage() + " (see --help)");
            err.flush();
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, command, parseResult) -> {
            PrintWriter err = command.getErr();
            if (Interruption.happened()) {
                return 130;     // the interruption's line said it all; this is Spark's jobs cancelled on the way out
            }
            if (e instanceof BadInput || e instanceof tiebreak.sweep.ConfigException) {
                err.println(command.getCommandName() + ": " + e.getMessage());
                err.flush();
                return BAD_INPUT;
            }
            String first = String.valueOf(e).lines().findFirst().orElse(e.getClass().getName());
            err.println(command.getCommandName() + ": failed: " + first + (Boolean.getBoolean("tiebreak.debug") ? ""
                    : " (run with -Dtiebreak.debug=true for the stack trace)"));
            if (Boolean.getBoolean("tiebreak.debug")) {
                e.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        return cli;
    }
}
