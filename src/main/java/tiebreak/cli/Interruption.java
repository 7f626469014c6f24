package tiebreak.cli;

import java.io.PrintStream;

/**
 * Ctrl-C (SIGINT) or SIGTERM in the middle of a command: one line, no Spark logging, and the JVM's exit code
 * (130 or 143). A shutdown hook that runs before Spark's own (Hadoop's hook manager runs hooks by priority,
 * Spark's at 40): it switches all logging off, so that the jobs Spark cancels as it stops do not print a
 * hundred lines, and says what was interrupted and how to go on. A command that ends normally is marked
 * {@link #finished} before the JVM exits, and its exit prints nothing here.
 */
final class Interruption {
    /** Above Spark's shutdown priority (40) and Hadoop's file systems' (10): this hook runs first. */
    private static final int PRIORITY = 100;
    private static volatile boolean finished;
    private static volatile boolean interrupted;
    private static volatile String advice = "";

    private Interruption() {
    }

    /** Installs the hook once, for the command named; {@code advice} is what to do next, e.g. "--resume". */
    static void install(String command) {
        org.apache.hadoop.util.ShutdownHookManager.get().addShutdownHook(() -> {
            if (finished) {
                return;
            }
            interrupted = true;
            quietLogging();
            PrintStream err = System.err;
            err.println((System.console() != null ? "\n" : "") + command + ": interrupted" + advice);
            err.flush();
        }, PRIORITY);
    }

    /** What the line says to do next, once the command knows (a sweep: resume into its folder). */
    static void advise(String text) {
        advice = text;
    }

    static void finished() {
        finished = true;
    }

    /** Whether the command's failure is only the interruption's echo (a job cancelled because Spark stopped). */
    static boolean happened() {
        return interrupted;
    }

    /** Spark's and Hadoop's log output off, for every logger. */
    static void quietLogging() {
        org.apache.logging.log4j.core.config.Configurator.setAllLevels(
                org.apache.logging.log4j.LogManager.ROOT_LOGGER_NAME, org.apache.logging.log4j.Level.OFF);
    }
}
