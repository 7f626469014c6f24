package tiebreak.spark;

import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import tiebreak.core.spec.Keys;
import tiebreak.core.tie.Outcome;

/**
 * What one committed Parquet file of {@code runs} or {@code trajectories} holds, read whole: every value of
 * every column decoded, page checksums verified, so that a truncated or corrupted file is found before a
 * resumed sweep counts its runs as done. Runs on an executor.
 *
 * @param problem     why the file cannot be read, or null
 * @param rows        the number of rows
 * @param distinctIds the number of distinct runs that have trajectory rows: in a trajectories file, the runs
 *                    it holds; in a runs file, its runs but the {@code failed} ones, which have none
 * @param idSum       the sum of those runs' ids read as 64-bit numbers: with {@code distinctIds} and
 *                    {@code idXor}, a fingerprint of the set, to match a chunk's two tables
 * @param repeated    whether a run (runs) or a (run, step) (trajectories) appears twice. A trajectories file
 *                    holds each run's rows together, in step order (SweepJob writes them so, one file per
 *                    run); rows out of that order count as repeated, which needs no set of (run, step) keys
 */
record CommittedFile(String path, String problem, long rows, long distinctIds, long idSum,
        long idXor, boolean repeated) implements Serializable {

    static CommittedFile read(String path, boolean trajectories, Configuration conf) {
        Configuration checked = new Configuration(conf);
        checked.setBoolean("parquet.page.verify-checksum.enabled", true);
        long rows = 0;
        Set<String> distinct = new HashSet<>();
        long count = 0;
        long sum = 0;
        long xor = 0;
        boolean repeated = false;
        String current = null;
        int lastStep = -1;
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), new Path(path))
                .withConf(checked).build()) {
            for (Group row = reader.read(); row != null; row = reader.read()) {
                String id = row.getString(Keys.RUN_ID, 0);
                rows++;
                boolean fresh = distinct.add(id);
                if (trajectories) {
                    int step = row.getInteger(RunsTable.STEP, 0);
                    repeated |= id.equals(current) ? step <= lastStep : !fresh;
                    current = id;
                    lastStep = step;
                } else {
                    repeated |= !fresh;
                }
                boolean hasTrajectory = trajectories
                        || !Outcome.FAILED.label().equals(row.getString(RunsTable.OUTCOME, 0));
                if (fresh && hasTrajectory) {
                    long value = Long.parseUnsignedLong(id, 16);
                    count++;
                    sum += value;
                    xor ^= value;
                }
            }
        } catch (Exception | LinkageError | AssertionError | OutOfMemoryError e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().lines().findFirst().orElse("").strip();
            // Parquet names the file in its messages; the note names it already
            String file = new Path(path).getName();
            message = message.replaceAll("\\S*" + java.util.regex.Pattern.quote(file) + "\\S*\\s*(is\\s+)?", "").strip();
            return new CommittedFile(path, "unreadable: " + message, 0, 0, 0, 0, false);
        }
        return new CommittedFile(path, null, rows, count, sum, xor, repeated);
    }

    /** Whether this trajectories file and these runs files hold the same set of runs. */
    static boolean sameRuns(List<CommittedFile> runs, List<CommittedFile> trajectories) {
        return fingerprint(runs).equals(fingerprint(trajectories));
    }

    private static List<Long> fingerprint(List<CommittedFile> files) {
        long count = 0;
        long sum = 0;
        long xor = 0;
        for (CommittedFile f : files) {
            count += f.distinctIds;
            sum += f.idSum;
            xor ^= f.idXor;
        }
        return List.of(count, sum, xor);
    }
}
