package tiebreak.core;

import java.io.Serializable;

/** The measurements of the tied pair after {@code step} updates (protocol, "Measurements"). */
public record Checkpoint(int step, double dIn, double dOut, double dist, double scale, double rel, double loss)
        implements Serializable {
}
