package tiebreak.spark;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import tiebreak.core.spec.Keys;

/**
 * What {@code --resume} keeps of a folder: every committed file of {@code runs} and {@code trajectories} is
 * read whole on the executors ({@link CommittedFile}), and a chunk (the files one chunk job wrote, named
 * after it) is kept only if all its files read, its runs appear once, its trajectories hold exactly its
 * runs with no (run, step) twice, and no kept chunk already holds one of its runs. The others are moved to
 * {@code _rejected/} with a line saying why, and their runs are trained again. Files written before chunk
 * names (tiebreak before December 2026) form one chunk together. The driver holds a few numbers a file and
 * the chunks that share a run: repeated run ids are found by a Spark job, not in a set of every id.
 */
public final class ResumeCheck {
    /**
     * The rows the kept chunks' runs files hold (the others are moved out of the table, so {@code runs/}
     * holds exactly the kept ones), and a line per chunk set aside.
     */
    public record Result(long committedRows, List<String> notes) {
    }

    private static final String FILE = "file";
    private static final String FILES = "files";

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
            return new Result(0, List.of());
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

        Set<String> chunks = new TreeSet<>(runFiles.keySet());
        chunks.addAll(trajectoryFiles.keySet());
        Map<String, String> problems = new TreeMap<>();
        for (String chunk : chunks) {
            String problem = problem(files(runFiles.get(chunk), byPath), files(trajectoryFiles.get(chunk), byPath), trajectories);
            if (problem != null) {
                problems.put(chunk, problem);
            }
        }
        Map<String, String> chunkOfFile = new HashMap<>();
        runFiles.forEach((chunk, files) -> files.forEach(f -> chunkOfFile.put(new Path(f).getName(), chunk)));
        Set<String> setAside = new HashSet<>();   // the runs files of the chunks already refused
        runFiles.forEach((chunk, files) -> {
            if (problems.containsKey(chunk)) {
                files.forEach(f -> setAside.add(new Path(f).getName()));
            }
        });
        Set<String> kept = new TreeSet<>();
        for (String chunk : chunks) {
            if (!problems.containsKey(chunk)) {
                kept.add(chunk);
            }
        }
        // in chunk order, as if each chunk were checked against the ones kept before it
        Map<String, List<Shared>> shared = sharedRuns(spark, folder.path(ResultFolder.RUNS), setAside, chunkOfFile);
        for (String chunk : chunks) {
            if (problems.containsKey(chunk)) {
                continue;
            }
            for (Shared s : shared.getOrDefault(chunk, List.of())) {
                if (s.other().equals(chunk)) {
                    problems.put(chunk, "run " + s.runId() + " appears twice in it");
                } else if (s.other().compareTo(chunk) < 0 && kept.contains(s.other())) {
                    problems.put(chunk, "run " + s.runId() + " is already in another chunk");
                }
                if (problems.containsKey(chunk)) {
                    kept.remove(chunk);
                    break;
                }
            }
        }
        List<String> notes = new ArrayList<>();
        long rows = 0;
        for (String chunk : chunks) {
            String problem = problems.get(chunk);
            if (problem == null) {
                for (String f : runFiles.getOrDefault(chunk, List.of())) {
                    rows += byPath.get(f).rows();
                }
                continue;
            }
            folder.reject(chunk, runFiles.getOrDefault(chunk, List.of()), trajectoryFiles.getOrDefault(chunk, List.of()));
            notes.add(String.format(Locale.ROOT, "resume: set aside chunk %s (%s) into %s; its runs train again", chunk,
                    problem, folder.path(ResultFolder.REJECTED)));
        }
        return new Result(rows, notes);
    }

    /** A run id that a chunk shares with {@code other} (itself, for a run twice in one chunk). */
    private record Shared(String other, String runId) {
    }

    /**
     * For each chunk, the chunks it shares runs with: one Spark job groups the run ids of the table's files
     * (all but those {@code setAside}) and keeps the sets of files that share one, each with its smallest
     * shared id; the driver gets a row per such set. The table is read as its folder, not as a list of its
     * files: Spark lists a list of thousands of paths with a job of a task each.
     */
    private static Map<String, List<Shared>> sharedRuns(SparkSession spark, String table, Set<String> setAside,
            Map<String, String> chunkOfFile) {
        Map<String, List<Shared>> shared = new TreeMap<>();
        if (chunkOfFile.size() == setAside.size()) {
            return shared;
        }
        Dataset<Row> ids = spark.read().schema(RunsTable.SCHEMA).parquet(table)
                .select(col(Keys.RUN_ID), col("_metadata.file_name").as(FILE))
                .where(not(col(FILE).isin(setAside.toArray())));
        // the sweep's own count check first (one sorted pass, spilling, no hash of every id): most folders share
        // nothing, and the grouping below then runs on the repeated ids alone
        SummaryTable.Counts counts = SummaryTable.count(ids);
        if (counts.rows() == counts.distinct()) {
            return shared;
        }
        Dataset<Row> repeated = ids.groupBy(Keys.RUN_ID).count().where(col("count").gt(1)).select(Keys.RUN_ID);
        List<Row> sets = ids.join(repeated, Keys.RUN_ID)
                .groupBy(Keys.RUN_ID).agg(array_sort(collect_list(FILE)).as(FILES))
                .groupBy(FILES).agg(min(Keys.RUN_ID).as(Keys.RUN_ID))
                .collectAsList();
        for (Row row : sets) {
            // a file Spark read that the listing did not name (not *.parquet) stands for itself
            List<String> chunks = row.<String>getList(0).stream().map(f -> chunkOfFile.getOrDefault(f, f)).toList();
            String id = row.getString(1);
            for (int i = 0; i < chunks.size(); i++) {
                for (int j = 0; j < chunks.size(); j++) {
                    if (i != j) {
                        shared.computeIfAbsent(chunks.get(i), k -> new ArrayList<>()).add(new Shared(chunks.get(j), id));
                    }
                }
            }
        }
        shared.values().forEach(list -> list.sort(java.util.Comparator.comparing(Shared::other).thenComparing(Shared::runId)));
        return shared;
    }

    /** Why a chunk cannot be kept, as far as its own files tell, or null. */
    private static String problem(List<CommittedFile> runs, List<CommittedFile> points, boolean trajectories) {
        for (CommittedFile f : concat(runs, points)) {
            if (f.problem() != null) {
                return name(f) + " is " + f.problem();
            }
        }
        if (runs.isEmpty()) {
            return "trajectories without their runs file";
        }
        if (runs.stream().anyMatch(CommittedFile::repeated)) {
            return "a run appears twice in " + name(runs.stream().filter(CommittedFile::repeated).findFirst().get());
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
