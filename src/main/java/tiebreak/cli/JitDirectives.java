package tiebreak.cli;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;

/**
 * Installs the HotSpot compiler directives named by {@code -Dtiebreak.jitDirectives=FILE} (jobs/tiebreak passes
 * conf/jit-directives.json), through the JVM's diagnostic-command bean rather than
 * {@code -XX:CompilerDirectivesFile}, which prints a line on the console of every command. Installed on a
 * daemon thread, beside the start of the command, so that the bean server's start costs the main thread
 * nothing; compilations before it keep the defaults.
 */
final class JitDirectives {
    static final String PROPERTY = "tiebreak.jitDirectives";

    private JitDirectives() {
    }

    static void installInBackground() {
        String file = System.getProperty(PROPERTY);
        if (file == null || file.isEmpty()) {
            return;
        }
        Thread installer = new Thread(() -> {
            String reply = install(file);
            if (!reply.contains("compiler directives added")) {
                System.err.println("warning: " + PROPERTY + "=" + file + " not installed: "
                        + reply.lines().filter(l -> !l.isBlank()).findFirst().orElse("no reply"));
            }
        }, "tiebreak-jit-directives");
        installer.setDaemon(true);
        installer.start();
    }

    /** The diagnostic command's reply ("N compiler directives added", or the parser's complaint). */
    static String install(String file) {
        try {
            Object reply = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                    new Object[] {new String[] {file}}, new String[] {String[].class.getName()});
            return String.valueOf(reply);
        } catch (Exception e) {
            return String.valueOf(e);
        }
    }
}
