package tiebreak.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A tiebreak command in a child JVM (its own SparkContext), with Spark's JVM options and the test classpath. */
public final class ChildDriver {
    private ChildDriver() {
    }

    /** Starts {@code tiebreak.cli.Main args...} with extra JVM options; output and errors go to {@code log}. */
    public static Process start(List<String> jvmOptions, List<String> args, Path log) throws IOException {
        return startMain("tiebreak.cli.Main", jvmOptions, args, log);
    }

    /** Starts any main class of the test classpath the same way. */
    public static Process startMain(String mainClass, List<String> jvmOptions, List<String> args, Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(opens());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return builder.start();
    }

    /** The module openings Spark needs (the pom's spark.jvm.opens, passed to the tests). */
    public static List<String> opens() {
        return Stream.of(System.getProperty("tiebreak.test.jvmOpens", "").split(" ")).filter(s -> !s.isBlank()).toList();
    }
}
