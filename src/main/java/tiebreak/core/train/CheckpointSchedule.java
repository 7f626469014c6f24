package tiebreak.core.train;

import java.util.TreeSet;

/**
 * Log-spaced checkpoints: step 0, then {@code round(T^(k/(c−1)))} for k = 0..c−1 (which includes 1 and T),
 * duplicates removed. With T = 500 and c = 32 that is 29 distinct steps.
 */
public final class CheckpointSchedule {
    private CheckpointSchedule() {
    }

    public static int[] logSpaced(int steps, int count) {
        TreeSet<Integer> chosen = new TreeSet<>();
        chosen.add(0);
        chosen.add(steps);
        double logT = StrictMath.log(steps);
        for (int k = 0; k < count; k++) {
            long step = Math.round(StrictMath.exp(logT * k / (count - 1)));
            chosen.add((int) Math.max(1, Math.min(steps, step)));
        }
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }
}
