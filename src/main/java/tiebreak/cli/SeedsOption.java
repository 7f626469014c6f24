package tiebreak.cli;

import picocli.CommandLine.Option;
import tiebreak.sweep.Sweep;

/** {@code --seeds N}: keep the first N init seeds of a sweep file, for a quick look. */
final class SeedsOption {
    @Option(names = "--seeds", paramLabel = "N",
            description = "Keep only the first N init seeds of the sweep file (for a quick look).")
    Integer seeds;

    /** Refuses a count below 1 before the sweep file is read. */
    void check() {
        if (seeds != null && seeds < 1) {
            throw new BadInput("--seeds: expected a count >= 1, got " + seeds);
        }
    }

    Sweep applyTo(Sweep sweep) {
        return seeds == null ? sweep : sweep.withFirstSeeds(seeds);
    }
}
