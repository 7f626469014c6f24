package tiebreak.spark;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output folder's lock, without Spark. The local lock across processes and under SIGKILL is tested by
 * SweepResumeTest with a real sweep in a child JVM; here: the local lock within one JVM, and the lease that
 * Hadoop file systems without locks get, run on the local file system with short timings.
 */
public class FolderLockTest {
    @TempDir
    java.nio.file.Path dir;

    /**
     * A second sweep of the same JVM is refused without touching the file (closing a descriptor of it would
     * drop the first sweep's lock), so another process is still refused after it; once closed, the folder is
     * free for both.
     */
    @Test
    void localLock_refusesASecondHolder_namesTheFirst_andIsFreeAfterClose() throws Exception {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        Path root = new Path(dir.resolve("out").toString());
        FolderLock first = FolderLock.acquire(fs, root, "conf/a.yaml");
        FolderLock.HeldException held = assertThrows(FolderLock.HeldException.class,
                () -> FolderLock.acquire(fs, root, "conf/b.yaml"));
        assertTrue(held.getMessage().matches("\\d+@\\S+ since \\S+, conf/a.yaml"), held.getMessage());
        assertTrue(otherProcess(root).startsWith("held by " + ProcessHandle.current().pid() + "@"),
                "the refusal in this JVM kept the lock against other processes");
        first.close();
        assertEquals("acquired", otherProcess(root));
        FolderLock second = assertDoesNotThrow(() -> FolderLock.acquire(fs, root, "conf/b.yaml"));
        second.close();
        assertTrue(Files.exists(dir.resolve("out/_lock")), "the file stays; only the lock on it goes");
    }

    /** A _lock that is a link is not followed: its target is not truncated. */
    @Test
    void localLock_doesNotFollowALink() throws Exception {
        java.nio.file.Path target = dir.resolve("precious.txt");
        Files.writeString(target, "keep me");
        Files.createDirectories(dir.resolve("linked"));
        Files.createSymbolicLink(dir.resolve("linked/_lock"), target);
        FileSystem fs = FileSystem.getLocal(new Configuration());
        assertThrows(IOException.class, () -> FolderLock.acquire(fs, new Path(dir.resolve("linked").toString()), "x"));
        assertEquals("keep me", Files.readString(target));
    }

    /** The child: tries the lock on args[0] and says what happened. */
    public static void main(String[] args) throws Exception {
        try (FolderLock lock = FolderLock.acquire(FileSystem.getLocal(new Configuration()), new Path(args[0]), "child")) {
            System.out.println("acquired");
        } catch (FolderLock.HeldException e) {
            System.out.println("held by " + e.getMessage());
        }
    }

    private String otherProcess(Path root) throws Exception {
        java.nio.file.Path log = dir.resolve("child-" + System.nanoTime() + ".log");
        Process p = tiebreak.cli.ChildDriver.startMain(FolderLockTest.class.getName(), List.of(), List.of(root.toString()), log);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        return Files.readAllLines(log).stream().filter(l -> l.startsWith("acquired") || l.startsWith("held by"))
                .findFirst().orElse(Files.readString(log));
    }

    @Test
    void lease_refusedWhileRenewed_takenOverWhenStale_deletedOnClose() throws Exception {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        Path file = new Path(dir.resolve("_lock").toString());
        FolderLock a = FolderLock.lease(fs, file, "a [1]", 50, 2_000);
        Thread.sleep(300);   // several renewals
        FolderLock.HeldException held = assertThrows(FolderLock.HeldException.class,
                () -> FolderLock.lease(fs, file, "b [2]", 50, 2_000));
        assertEquals("a", held.getMessage());
        a.close();
        assertFalse(fs.exists(file), "a lease is deleted by its holder");

        // a holder killed mid-sweep: its lease stays, unrenewed; once stale it is taken over
        write(fs, file, "killed [3]");
        assertThrows(FolderLock.HeldException.class, () -> FolderLock.lease(fs, file, "c [4]", 50, 2_000));
        fs.setTimes(file, System.currentTimeMillis() - 10_000, -1);
        FolderLock c = assertDoesNotThrow(() -> FolderLock.lease(fs, file, "c [4]", 50, 2_000));
        c.check();
        c.close();
    }

    @Test
    void lease_whoseFileWasTakenOver_failsItsNextCheck() throws Exception {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        Path file = new Path(dir.resolve("_lock").toString());
        FolderLock a = FolderLock.lease(fs, file, "a [1]", 50, 2_000);
        write(fs, file, "usurper [2]");
        long deadline = System.nanoTime() + 5_000_000_000L;
        IOException lost = null;
        while (lost == null && System.nanoTime() < deadline) {
            try {
                a.check();
                Thread.sleep(20);
            } catch (IOException e) {
                lost = e;
            }
        }
        assertTrue(lost != null && lost.getMessage().contains("taken over by another sweep (usurper [2])"), String.valueOf(lost));
        a.close();
        assertTrue(fs.exists(file), "a lost lease is not the loser's to delete");
    }

    private static void write(FileSystem fs, Path file, String owner) throws IOException {
        try (OutputStream out = fs.create(file, true)) {
            out.write(owner.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * A folder given without a scheme is local, also in the paths Spark is handed, where the Hadoop
     * configuration's default file system is another (HDFS, on a cluster): they come qualified as file:.
     */
    @Test
    void aFolderWithoutASchemeIsLocal_whateverTheDefaultFileSystem() throws IOException {
        Configuration conf = new Configuration();
        conf.set("fs.defaultFS", "hdfs://127.0.0.1:1");
        String relative = dir.resolve("out").toAbsolutePath().toString().substring(1);   // no leading '/'
        for (String given : List.of(dir.resolve("out").toString(), "file:" + dir.resolve("out"))) {
            ResultFolder folder = ResultFolder.at(given, conf);
            assertEquals("file:" + dir.resolve("out"), folder.location(), given);
            assertEquals("file:" + dir.resolve("out").resolve("runs"), folder.path(ResultFolder.RUNS), given);
        }
        assertTrue(ResultFolder.at(relative, conf).location().startsWith("file:/"), relative);
    }
}
