package tiebreak.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

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
    /** Where --resume moves the files of chunks it cannot keep (see {@link ResumeCheck}). */
    public static final String REJECTED = "_rejected";
    /** Committed files carry their chunk's name: {@code chunk-<uuid>-part-...parquet}. */
    private static final java.util.regex.Pattern CHUNK_FILE = java.util.regex.Pattern.compile("(chunk-[0-9a-f-]{36})-.*");
    private static final String UNNAMED_CHUNK = "files without a chunk name";

    /** What {@code sweep.json} records. */
    public record Manifest(String sweep, String source, String specHash, long runs) {
    }

    private final FileSystem fs;
    private final Path root;
    private FolderLock lock;

    private ResultFolder(FileSystem fs, Path root) {
        this.fs = fs;
        this.root = root;
    }

    public static ResultFolder at(String dir, Configuration conf) {
        try {
            Path root = new Path(dir);
            URI uri = root.toUri();
            if (uri.getScheme() == null) {
                // a path without a scheme is a local folder (docs/cluster.md), also for the paths handed to Spark,
                // which would otherwise resolve them against fs.defaultFS (HDFS, where HADOOP_CONF_DIR says so)
                FileSystem local = FileSystem.getLocal(conf);
                return new ResultFolder(local, local.makeQualified(root));
            }
            return new ResultFolder(FileSystem.get(uri, conf), root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the folder holds nothing but (perhaps) its lock file. */
    public boolean isEmpty() throws IOException {
        if (!fs.exists(root)) {
            return true;
        }
        for (FileStatus status : fs.listStatus(root)) {
            if (!status.getPath().getName().equals(FolderLock.NAME)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Takes the folder for one sweep (creating it), until the returned lock is closed; {@code what} names the
     * sweep in the refusal another sweep gets meanwhile. Every later {@link #promote} first checks the lock.
     */
    public FolderLock lock(String what) throws IOException, FolderLock.HeldException {
        lock = FolderLock.acquire(fs, root, what);
        return lock;
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
        for (String name : List.of(RUNS, TRAJECTORIES, SUMMARY, MANIFEST, STAGING, REJECTED)) {
            fs.delete(new Path(root, name), true);
        }
    }

    /** A fresh staging folder for one chunk. */
    public String newStagingFolder() {
        return new Path(new Path(root, STAGING), "chunk-" + java.util.UUID.randomUUID()).toString();
    }

    /**
     * Moves a committed chunk's Parquet files into {@code runs/} (and {@code trajectories/}), each named after
     * the chunk, and deletes its staging folder. A chunk's staging folder holds a {@code runs/} and, when the
     * sweep keeps trajectories, a {@code trajectories/} table.
     */
    public void promote(String staging) throws IOException {
        if (lock != null) {
            lock.check();
        }
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
                Path target = new Path(to, dir.getName() + "-" + file.getName());
                if (file.getName().endsWith(".parquet") && !fs.rename(file, target)) {
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

    /** The committed Parquet files of a table, by the chunk that wrote them, in name order. */
    public Map<String, List<String>> committedByChunk(String table) throws IOException {
        Map<String, List<String>> chunks = new TreeMap<>();
        Path dir = new Path(root, table);
        if (!fs.exists(dir)) {
            return chunks;
        }
        for (FileStatus status : fs.listStatus(dir)) {
            String name = status.getPath().getName();
            if (name.endsWith(".parquet")) {
                java.util.regex.Matcher m = CHUNK_FILE.matcher(name);
                chunks.computeIfAbsent(m.matches() ? m.group(1) : UNNAMED_CHUNK, k -> new ArrayList<>())
                        .add(status.getPath().toString());
            }
        }
        chunks.values().forEach(java.util.Collections::sort);
        return chunks;
    }

    /** Moves a chunk's committed files out of the tables, into {@code _rejected/<table>/}. */
    public void reject(String chunk, List<String> runs, List<String> trajectories) throws IOException {
        for (Map.Entry<String, List<String>> table : Map.of(RUNS, runs, TRAJECTORIES, trajectories).entrySet()) {
            Path to = new Path(new Path(root, REJECTED), table.getKey());
            fs.mkdirs(to);
            for (String file : table.getValue()) {
                Path from = new Path(file);
                if (!fs.rename(from, new Path(to, from.getName()))) {
                    throw new IOException("could not move " + from + " into " + to + " (chunk " + chunk + ")");
                }
            }
        }
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

    /** The folder itself, qualified: a local one as {@code file:/...}. */
    public String location() {
        return root.toString();
    }

    public String path(String child) {
        return new Path(root, child).toString();
    }
}
