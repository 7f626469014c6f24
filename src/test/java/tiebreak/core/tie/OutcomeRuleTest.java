package tiebreak.core.tie;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tiebreak.core.spec.TieMode;

/** Every row of the protocol's outcome table, with its boundaries (δ = 1e-3). */
class OutcomeRuleTest {

    @ParameterizedTest(name = "{0} start={1} end={2} rel={3} -> {4}")
    @CsvSource({
        // control: never tied, whatever the distances
        "none,   0.1,   5.0,   1.0,     UNTIED",
        "none,   0,     0,     0,       UNTIED",
        // tied: dist_end exactly 0
        "in+out, 0,     0,     0,       TIED",
        "in+out, 1e-6,  0,     0,       TIED",
        "in,     0,     0,     0,       TIED",
        // diverged: rel_end >= δ and dist_end >= 10 dist_start, boundaries included
        "in,     0,     1e-9,  1e-3,    DIVERGED",
        "in+out, 1e-6,  1e-5,  1e-3,    DIVERGED",
        "in+out, 1e-6,  0.5,   0.2,     DIVERGED",
        // rel just below δ: not diverged
        "in,     0,     1e-9,  9.99e-4, SPLIT",
        // grown less than tenfold: not diverged, even though macroscopic
        "in+out, 0.5,   4.99,  0.9,     SPLIT",
        "in+out, 0.5,   0.5,   0.2,     SPLIT",
        // merged: shrunk at least tenfold, boundary included
        "in+out, 1e-6,  1e-7,  1e-7,    MERGED",
        "in+out, 1e-6,  1.1e-7, 1e-7,   SPLIT",
        "out,    2e-3,  1e-4,  1e-4,    MERGED",
        // a start distance above δ is not a divergence by itself
        "in+out, 0.01,  0.05,  0.01,    SPLIT",
        // infinite rel (scale 0) with growth: diverged
        "in,     0,     1e-3,  Infinity, DIVERGED",
    })
    void classify(String mode, double start, double end, double rel, Outcome expected) {
        assertEquals(expected, OutcomeRule.classify(TieMode.parse(mode), start, end, rel, 1e-3));
    }
}
