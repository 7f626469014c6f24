package tiebreak.cli;

import java.io.PrintStream;

/**
 * The end of a command that did not come back from its {@code call()}, in one line and without Spark's
 * logging: Ctrl-C (SIGINT) or SIGTERM, or an error that made a Spark thread exit the JVM (Spark's handler for
 * an uncaught error, e.g. out of memory in a task). A shutdown hook runs ahead of Spark's own (Hadoop's hook
 * manager runs them by priority, Spark's at 40): it switches all logging off, so that the jobs Spark cancels
 * as it stops do not print a hundred lines, and says what happened and how to go on. A signal is told apart
 * from other exits by handlers on INT and TERM that note it and then pass it on to the JVM's own. A command
 * that returns is marked {@link #finished} before the JVM exits, and its exit prints nothing here. After the
 * line, standard error is closed to the rest of the shutdown; with {@code -Dtiebreak.debug=true} neither
 * the logging nor standard error is touched, since the line itself sends the user there.
 */
final class Interruption {
    /** Above Spark's shutdown priority (40) and Hadoop's file systems' (10): this hook runs first. */
    private static final int PRIORITY = 100;
    private static volatile boolean finished;
    private static volatile String signal;
    private static volatile String advice = "";

    private Interruption() {
    }

    /** Installs the hook and the signal handlers once, for the command named. */
    static void install(String command) {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal sig = new sun.misc.Signal(name);
                sun.misc.SignalHandler[] previous = new sun.misc.SignalHandler[1];
                previous[0] = sun.misc.Signal.handle(sig, s -> {
                    signal = s.getName();
                    previous[0].handle(s);
                });
            } catch (IllegalArgumentException e) {
                // the signal is the JVM's (-Xrs) or ignored: nothing to tell apart
            }
        }
        org.apache.hadoop.util.ShutdownHookManager.get().addShutdownHook(() -> {
            if (finished) {
                return;
            }
            boolean debug = Boolean.getBoolean("tiebreak.debug");     // the shutdown's own output is wanted
            if (!debug) {
                quietLogging();
            }
            PrintStream err = System.err;
            String line = signal != null ? command + ": interrupted (SIG" + signal + ")" + advice
                    : command + ": stopped by an error in Spark before it finished (out of memory?); "
                            + "-Dtiebreak.debug=true in TIEBREAK_JAVA_OPTS shows Spark's log" + advice;
            err.println((System.console() != null ? "\n" : "") + line);
            err.flush();
            // Spark's threads go on stopping after this line, and a Scala future rejected by a pool that is
            // shutting down reports itself with printStackTrace, past log4j: the line stays the last one
            if (!debug) {
                System.setErr(new PrintStream(java.io.OutputStream.nullOutputStream()));
            }
        }, PRIORITY);
    }

    /** What the line says to do next, once the command knows (a sweep: resume into its folder). */
    static void advise(String text) {
        advice = text;
    }

    static void finished() {
        finished = true;
    }

    /** Whether the command's failure is only the echo of a signal (a job cancelled because Spark stopped). */
    static boolean happened() {
        return signal != null;
    }

    /** Spark's and Hadoop's log output off, for every logger. */
    static void quietLogging() {
        org.apache.logging.log4j.core.config.Configurator.setAllLevels(
                org.apache.logging.log4j.LogManager.ROOT_LOGGER_NAME, org.apache.logging.log4j.Level.OFF);
    }
}
