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
class FolderLockTest {
    @TempDir
    java.nio.file.Path dir;

    @Test
    void localLock_refusesASecondHolder_namesTheFirst_andIsFreeAfterClose() throws Exception {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        Path root = new Path(dir.resolve("out").toString());
        FolderLock first = FolderLock.acquire(fs, root, "conf/a.yaml");
        FolderLock.HeldException held = assertThrows(FolderLock.HeldException.class,
                () -> FolderLock.acquire(fs, root, "conf/b.yaml"));
        assertTrue(held.getMessage().matches("\\d+@\\S+ since \\S+, conf/a.yaml"), held.getMessage());
        first.close();
        FolderLock second = assertDoesNotThrow(() -> FolderLock.acquire(fs, root, "conf/b.yaml"));
        second.close();
        assertTrue(Files.exists(dir.resolve("out/_lock")), "the file stays; only the lock on it goes");
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
}
