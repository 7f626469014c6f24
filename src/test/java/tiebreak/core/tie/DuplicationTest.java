package tiebreak.core.tie;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The stability condition along the split of a duplicated unit: the signs of r(1 − r) and of A's eigenvalues. */
class DuplicationTest {

    @ParameterizedTest(name = "A in [{0}, {1}], r = {2}: {3}")
    @CsvSource({
        // A positive definite: a minimum along the split inside (0, 1), a saddle outside
        "0.5, 2.0, 0.5, shrink", "0.5, 2.0, 0.25, shrink", "0.5, 2.0, -0.5, grow", "0.5, 2.0, 1.5, grow",
        // negative definite: the reverse
        "-2.0, -0.5, 0.5, grow", "-2.0, -0.5, 1.25, shrink", "-2.0, -0.5, -0.25, shrink",
        // indefinite: a saddle for every r but 0 and 1
        "-1.0, 1.0, 0.5, grow", "-1.0, 1.0, 1.5, grow", "-1.0, 1.0, -0.5, grow",
        // r = 0 or 1, or no curvature (relu, linear): no second-order term
        "0.5, 2.0, 0.0, neutral", "0.5, 2.0, 1.0, neutral", "-1.0, 1.0, 0.0, neutral", "0.0, 0.0, 0.5, neutral",
        // semidefinite: the null direction neither grows nor shrinks to second order
        "0.0, 2.0, 0.5, neutral", "0.0, 2.0, 1.5, grow"})
    void theSplitGrowsWhereRTimesOneMinusRTimesAHasANegativeEigenvalue(double min, double max, double r,
            String expected) {
        assertEquals(expected, new Duplication(0.1, 1e-9, min, max, min, Double.NaN, true).predictedSplit(r));
    }

    /** No verdict where it was not derived (several outputs, weight decay) or A is not finite (a diverged net). */
    @org.junit.jupiter.api.Test
    void noVerdictWhereTheConditionDoesNotApplyOrANotFinite() {
        assertEquals(null, new Duplication(0.1, 1e-9, -1, 1, -1, Double.NaN, false).predictedSplit(0.5));
        assertEquals(null, new Duplication(0.1, 1e-9, Double.NaN, 1, -1, Double.NaN, true).predictedSplit(0.5));
        assertEquals(null, new Duplication(0.1, 1e-9, -1, Double.POSITIVE_INFINITY, -1, Double.NaN, true)
                .predictedSplit(0.5));
    }
}
