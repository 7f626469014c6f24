package tiebreak.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

/**
 * What {@code --resume} keeps of a folder: every committed file of {@code runs} and {@code trajectories} is
 * read whole on the executors ({@link CommittedFile}), and a chunk (the files one chunk job wrote, named
 * after it) is kept only if all its files read, its runs appear once, its trajectories hold exactly its
 * runs with no (run, step) twice, and no kept chunk already holds one of its runs. The others are moved to
 * {@code _rejected/} with a line saying why, and their runs are trained again. Files written before chunk
 * names (tiebreak before December 2026) form one chunk together.
 */
public final class ResumeCheck {
    /** The runs the kept chunks hold, and a line per chunk set aside. */
    public record Result(Set<String> committed, List<String> notes) {
    }

    private ResumeCheck() {
    }

    public static Result run(SparkSession spark, ResultFolder folder, boolean trajectories) throws IOException {
        Map<String, List<String>> runFiles = folder.committedByChunk(ResultFolder.RUNS);
        Map<String, List<String>> trajectoryFiles = trajectories ? folder.committedByChunk(ResultFolder.TRAJECTORIES)
                : Map.of();
        List<String> paths = new ArrayList<>();
        runFiles.values().forEach(paths::addAll);
        trajectoryFiles.values().forEach(paths::addAll);
        if (paths.isEmpty()) {
            return new Result(Set.of(), List.of());
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<SerializableConfiguration> conf = jsc.broadcast(
                new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
        Set<String> runPathSet = new HashSet<>();
        runFiles.values().forEach(runPathSet::addAll);
        List<CommittedFile> read = jsc.parallelize(paths, Math.min(paths.size(), 4 * jsc.defaultParallelism()))
                .map(path -> CommittedFile.read(path, !runPathSet.contains(path), conf.value().value()))
                .collect();
        Map<String, CommittedFile> byPath = new TreeMap<>();
        read.forEach(f -> byPath.put(f.path(), f));

        Set<String> chunks = new java.util.TreeSet<>(runFiles.keySet());
        chunks.addAll(trajectoryFiles.keySet());
        Set<String> committed = new HashSet<>();
        List<String> notes = new ArrayList<>();
        for (String chunk : chunks) {
            List<CommittedFile> runs = files(runFiles.get(chunk), byPath);
            List<CommittedFile> points = files(trajectoryFiles.get(chunk), byPath);
            String problem = problem(runs, points, trajectories, committed);
            if (problem == null) {
                runs.forEach(f -> committed.addAll(f.runIds()));
                continue;
            }
            folder.reject(chunk, runFiles.getOrDefault(chunk, List.of()), trajectoryFiles.getOrDefault(chunk, List.of()));
            notes.add(String.format(Locale.ROOT, "resume: set aside chunk %s (%s) into %s; its runs train again", chunk,
                    problem, folder.path(ResultFolder.REJECTED)));
        }
        return new Result(committed, notes);
    }

    /** Why a chunk cannot be kept, or null. */
    private static String problem(List<CommittedFile> runs, List<CommittedFile> points, boolean trajectories,
            Set<String> committed) {
        for (CommittedFile f : concat(runs, points)) {
            if (f.problem() != null) {
                return name(f) + " is " + f.problem();
            }
        }
        if (runs.isEmpty()) {
            return "trajectories without their runs file";
        }
        Set<String> ids = new HashSet<>();
        for (CommittedFile f : runs) {
            for (String id : f.runIds()) {
                if (committed.contains(id)) {
                    return "run " + id + " is already in another chunk";
                }
                if (!ids.add(id)) {
                    return "run " + id + " appears twice in it";
                }
            }
        }
        if (trajectories) {
            if (points.stream().anyMatch(CommittedFile::repeated)) {
                return "a (run_id, step) appears twice in its trajectories";
            }
            if (!CommittedFile.sameRuns(runs, points)) {
                return points.isEmpty() ? "runs without their trajectories" : "its trajectories are not those of its runs";
            }
        }
        return null;
    }

    private static List<CommittedFile> files(List<String> paths, Map<String, CommittedFile> byPath) {
        return paths == null ? List.of() : paths.stream().map(byPath::get).toList();
    }

    private static List<CommittedFile> concat(List<CommittedFile> a, List<CommittedFile> b) {
        List<CommittedFile> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String name(CommittedFile f) {
        String[] parts = f.path().split("/");
        return parts.length < 2 ? f.path() : parts[parts.length - 2] + "/" + parts[parts.length - 1];
    }
}
