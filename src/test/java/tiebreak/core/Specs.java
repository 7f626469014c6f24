package tiebreak.core;

import java.util.List;

/** Small run specs for tests. */
final class Specs {
    private Specs() {
    }

    static final TaskSpec SMALL_TEACHER = TaskSpec.teacher(4, 3, 32, 0.0);

    static RunSpec spec(List<Integer> widths, Activation activation, TieMode mode, int layer, int i, int j,
            double epsilon, int steps, long seed) {
        TaskSpec task = TaskSpec.teacher(widths.get(0), 3, 32, 0.0);
        return new RunSpec("test", task, 7, seed, widths, activation, InitScheme.LECUN_NORMAL, layer, List.of(i, j), mode,
                epsilon, steps, 0.05, 1e-3, 16);
    }

    static RunSpec spec(List<Integer> widths, Activation activation, TieMode mode, int steps, long seed) {
        return spec(widths, activation, mode, 1, 0, 1, 0.0, steps, seed);
    }
}
