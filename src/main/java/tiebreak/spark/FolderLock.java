package tiebreak.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * One sweep at a time in an output folder: {@code DIR/_lock}, held from before the folder is checked until
 * the summary is written.
 * <ul>
 * <li>On a local file system, an operating-system lock on the file (POSIX {@code fcntl} through
 *     {@link FileChannel#tryLock()}): the kernel releases it when the process ends, however it ends (a
 *     killed sweep never leaves it held). The file itself stays; deleting it would let a second sweep lock a
 *     new file while the first still holds the old one.</li>
 * <li>On other Hadoop file systems (HDFS, S3A), which have no such lock, a lease: the file is created only if
 *     it does not exist, renewed every {@link #HEARTBEAT} by its holder (a new modification time) and deleted
 *     at the end, also when the JVM is stopped; a lease not renewed for {@link #STALE} (its holder was
 *     killed) is taken over. Two sweeps that find the same stale
 *     lease at the same moment can both take it; a holder that sees its lease taken says so before its next
 *     commit ({@link #check}). On S3 the create-if-absent is only as atomic as the S3A client makes it.</li>
 * </ul>
 */
public final class FolderLock implements AutoCloseable {
    static final String NAME = "_lock";
    static final long HEARTBEAT = TimeUnit.SECONDS.toMillis(30);
    static final long STALE = TimeUnit.MINUTES.toMillis(5);

    /** Another sweep holds the folder; the message says which, as far as its lock file tells. */
    public static final class HeldException extends Exception {
        HeldException(String holder) {
            super(holder.replaceAll("\\s*\\[[^]]*]$", ""));   // the holder without its identity token
        }
    }

    private final String owner;
    private final FileChannel channel;      // local
    private final FileLock osLock;          // local
    private final FileSystem fs;            // lease
    private final Path leaseFile;           // lease
    private final ScheduledExecutorService heartbeat;
    private final java.nio.file.Path localKey;  // local
    private volatile String lost;
    private Runnable releaseAtExit;             // lease

    private FolderLock(String owner, FileChannel channel, FileLock osLock, FileSystem fs, Path leaseFile,
            ScheduledExecutorService heartbeat, java.nio.file.Path localKey) {
        this.owner = owner;
        this.channel = channel;
        this.osLock = osLock;
        this.fs = fs;
        this.leaseFile = leaseFile;
        this.heartbeat = heartbeat;
        this.localKey = localKey;
    }

    /** Locks {@code root} (creating it) for a sweep described by {@code what}, or says who holds it. */
    static FolderLock acquire(FileSystem fs, Path root, String what) throws IOException, HeldException {
        fs.mkdirs(root);
        String owner = ManagementFactory.getRuntimeMXBean().getName() + " since " + Instant.now() + ", " + what
                + " [" + UUID.randomUUID() + "]";
        if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
            return local(new java.io.File(fs.makeQualified(new Path(root, NAME)).toUri()).toPath(), owner);
        }
        return lease(fs, new Path(root, NAME), owner, HEARTBEAT, STALE);
    }

    /**
     * The local locks this JVM holds, by file. A second sweep of the same JVM must be refused before it opens
     * the file: closing any descriptor of a file drops all of the process's fcntl locks on it, the first
     * sweep's with them.
     */
    private static final java.util.Map<java.nio.file.Path, String> HELD_HERE = new java.util.concurrent.ConcurrentHashMap<>();

    private static FolderLock local(java.nio.file.Path file, String owner) throws IOException, HeldException {
        java.nio.file.Path key = file.toAbsolutePath().normalize();
        String here = HELD_HERE.putIfAbsent(key, owner);
        if (here != null) {
            throw new HeldException(here);
        }
        boolean locked = false;
        try {
            // not through a link: a _lock that points elsewhere is not followed, let alone truncated
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                String holder = read(channel);
                channel.close();                // no lock of ours on the file, so none is lost
                throw new HeldException(holder);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(owner.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            locked = true;
            return new FolderLock(owner, channel, lock, null, null, null, key);
        } finally {
            if (!locked) {
                HELD_HERE.remove(key);
            }
        }
    }

    /** The lease on a Hadoop file system; {@code heartbeat} and {@code stale} in milliseconds (tests shorten them). */
    static FolderLock lease(FileSystem fs, Path file, String owner, long heartbeatMs, long staleMs)
            throws IOException, HeldException {
        if (!create(fs, file, owner)) {
            long age = System.currentTimeMillis() - fs.getFileStatus(file).getModificationTime();
            String holder = read(fs, file);
            if (age < staleMs) {
                throw new HeldException(holder);
            }
            // stale: its holder stopped renewing it; take it over only if it is still the lease we judged
            if (!holder.equals(read(fs, file)) || !fs.delete(file, false) || !create(fs, file, owner)) {
                throw new HeldException(read(fs, file));
            }
        }
        ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tiebreak-folder-lease");
            t.setDaemon(true);
            return t;
        });
        FolderLock lock = new FolderLock(owner, null, null, fs, file, beat, null);
        beat.scheduleWithFixedDelay(lock::renew, heartbeatMs, heartbeatMs, TimeUnit.MILLISECONDS);
        // before Hadoop closes its file systems (priority 10) and Spark stops (40)
        lock.releaseAtExit = () -> {
            try {
                lock.release();
            } catch (IOException e) {
                // the lease goes stale in STALE instead
            }
        };
        org.apache.hadoop.util.ShutdownHookManager.get().addShutdownHook(lock.releaseAtExit, 60);
        return lock;
    }

    /** Throws if the lease was taken over (only a lease can be lost), so that nothing more is committed. */
    void check() throws IOException {
        if (lost != null) {
            throw new IOException("the lock on this folder was taken over by another sweep (" + lost + ")");
        }
    }

    private void renew() {
        try {
            String holder = holder(fs, leaseFile);   // a failed read is a missed renewal, not a lost lease
            if (!holder.equals(owner)) {
                lost = holder;
                heartbeat.shutdown();
                return;
            }
            // a new modification time, without rewriting the content (a reader would meet an empty file
            // mid-rewrite); where setTimes does nothing (S3A), a rewrite, which S3 makes atomic
            long before = fs.getFileStatus(leaseFile).getModificationTime();
            long now = System.currentTimeMillis();
            fs.setTimes(leaseFile, now, -1);
            if (fs.getFileStatus(leaseFile).getModificationTime() <= before) {
                try (OutputStream out = fs.create(leaseFile, true)) {
                    out.write(owner.getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            // a missed renewal: the next one tries again; ten in a row must fail before the lease goes stale
        }
    }

    @Override
    public void close() throws IOException {
        if (osLock != null) {
            osLock.release();
            channel.close();
            HELD_HERE.remove(localKey);
            return;
        }
        org.apache.hadoop.util.ShutdownHookManager.get().removeShutdownHook(releaseAtExit);
        release();
    }

    /** Ends the lease: the holder deletes it, at the end or when its JVM is stopped (Ctrl-C, SIGTERM). */
    private void release() throws IOException {
        heartbeat.shutdownNow();
        if (lost == null && owner.equals(read(fs, leaseFile))) {
            fs.delete(leaseFile, false);
        }
    }

    private static boolean create(FileSystem fs, Path file, String owner) throws IOException {
        try (OutputStream out = fs.create(file, false)) {
            out.write(owner.getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            if (fs.exists(file)) {
                return false;                   // some file systems say so in another exception
            }
            throw e;
        }
    }

    private static String holder(FileSystem fs, Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            return new String(in.readNBytes(4096), StandardCharsets.UTF_8).strip();
        }
    }

    /** The holder the file names, for messages and comparisons; "unknown holder" if it cannot be read. */
    private static String read(FileSystem fs, Path file) {
        try {
            return holder(fs, file);
        } catch (IOException e) {
            return "unknown holder";
        }
    }

    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "unknown holder" : text;
    }
}
