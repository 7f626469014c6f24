package tiebreak.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A sweep's output folder, on any Hadoop file system (local, HDFS, S3): {@code sweep.json} (which sweep wrote
 * it), {@code runs/} (the committed Parquet files), {@code summary/}, and {@code _staging/} while chunks are
 * written. Each chunk is written by Spark into its own staging folder; once Spark has committed it
 * ({@code _SUCCESS}), its files are renamed into {@code runs/} one by one. Every run belongs to one chunk and
 * every file is either staged or committed, never both, so after any interruption {@code recover} finishes
 * what was committed and drops what was not: no run is lost or counted twice.
 */
public final class ResultFolder {
    public static final String MANIFEST = "sweep.json";
    public static final String RUNS = "runs";
    public static final String SUMMARY = "summary";
    public static final String TRAJECTORIES = "trajectories";
    public static final String STAGING = "_staging";

    /** What {@code sweep.json} records. */
    public record Manifest(String sweep, String source, String specHash, long runs) {
    }

    private final FileSystem fs;
    private final Path root;

    private ResultFolder(FileSystem fs, Path root) {
        this.fs = fs;
        this.root = root;
    }

    public static ResultFolder at(String dir, Configuration conf) {
        try {
            Path root = new Path(dir);
            URI uri = root.toUri();
            return new ResultFolder(uri.getScheme() == null ? FileSystem.getLocal(conf) : FileSystem.get(uri, conf), root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isEmpty() throws IOException {
        return !fs.exists(root) || fs.listStatus(root).length == 0;
    }

    public Optional<Manifest> manifest() throws IOException {
        Path file = new Path(root, MANIFEST);
        if (!fs.exists(file)) {
            return Optional.empty();
        }
        try (InputStream in = fs.open(file)) {
            return Optional.of(new ObjectMapper().readValue(in, Manifest.class));
        }
    }

    public void writeManifest(Manifest manifest) throws IOException {
        fs.mkdirs(root);
        try (OutputStream out = fs.create(new Path(root, MANIFEST), true)) {
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out, manifest);
        }
    }

    /** Deletes what a sweep writes here (and nothing else the folder may hold). */
    public void clear() throws IOException {
        for (String name : List.of(RUNS, TRAJECTORIES, SUMMARY, MANIFEST, STAGING)) {
            fs.delete(new Path(root, name), true);
        }
    }

    /** A fresh staging folder for one chunk. */
    public String newStagingFolder() {
        return new Path(new Path(root, STAGING), "chunk-" + java.util.UUID.randomUUID()).toString();
    }

    /**
     * Moves a committed chunk's Parquet files into {@code runs/} (and {@code trajectories/}) and deletes its
     * staging folder. A chunk's staging folder holds a {@code runs/} and, when the sweep keeps trajectories,
     * a {@code trajectories/} table.
     */
    public void promote(String staging) throws IOException {
        Path dir = new Path(staging);
        for (String table : List.of(RUNS, TRAJECTORIES)) {
            Path from = new Path(dir, table);
            if (!fs.exists(from)) {
                continue;
            }
            Path to = new Path(root, table);
            fs.mkdirs(to);
            for (FileStatus status : fs.listStatus(from)) {
                Path file = status.getPath();
                if (file.getName().endsWith(".parquet") && !fs.rename(file, new Path(to, file.getName()))) {
                    throw new IOException("could not move " + file + " into " + to);
                }
            }
        }
        fs.delete(dir, true);
    }

    /**
     * After an interruption: promotes the staged chunks that Spark had committed (the {@code _SUCCESS} of
     * every table the chunk writes is there; some of their files may already have been moved) and deletes
     * the others. Returns the number of chunks promoted.
     */
    public int recover(boolean trajectories) throws IOException {
        Path staging = new Path(root, STAGING);
        if (!fs.exists(staging)) {
            return 0;
        }
        int promoted = 0;
        for (FileStatus chunk : fs.listStatus(staging)) {
            boolean committed = fs.exists(new Path(new Path(chunk.getPath(), RUNS), "_SUCCESS"))
                    && (!trajectories || fs.exists(new Path(new Path(chunk.getPath(), TRAJECTORIES), "_SUCCESS")));
            if (committed) {
                promote(chunk.getPath().toString());
                promoted++;
            } else {
                fs.delete(chunk.getPath(), true);
            }
        }
        fs.delete(staging, true);
        return promoted;
    }

    /** The run ids in the committed part of {@code runs/}. */
    public Set<String> committedRunIds(SparkSession spark) throws IOException {
        Set<String> ids = new HashSet<>();
        Path runs = new Path(root, RUNS);
        if (!fs.exists(runs) || !hasParquet(runs)) {
            return ids;
        }
        for (Row row : spark.read().parquet(runs.toString()).select("run_id").collectAsList()) {
            ids.add(row.getString(0));
        }
        return ids;
    }

    /** Number of Parquet files committed to {@code runs/}. */
    public int committedFiles() throws IOException {
        Path runs = new Path(root, RUNS);
        if (!fs.exists(runs)) {
            return 0;
        }
        int count = 0;
        for (FileStatus status : fs.listStatus(runs)) {
            count += status.getPath().getName().endsWith(".parquet") ? 1 : 0;
        }
        return count;
    }

    private boolean hasParquet(Path dir) throws IOException {
        for (FileStatus status : fs.listStatus(dir)) {
            if (status.getPath().getName().endsWith(".parquet")) {
                return true;
            }
        }
        return false;
    }

    public String path(String child) {
        return new Path(root, child).toString();
    }
}
