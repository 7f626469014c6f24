package tiebreak.core.tie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tiebreak.core.Specs;
import tiebreak.core.net.Activation;
import tiebreak.core.net.Parameters;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.TieMode;
import tiebreak.core.train.Trainer;

/**
 * With tie mode in+out the two units are interchangeable, so every deterministic operation that treats
 * columns alike keeps them bit-for-bit equal. Odd widths and edge columns (pair 0, 12 of 13) catch matrix
 * kernels that handle the last rows or columns with different code.
 */
public class TieInvariantTest {

    static Stream<Arguments> ties() {
        return Stream.of(Activation.values()).flatMap(a -> Stream.of(
                Arguments.of(a, List.of(4, 16, 1), 1, 0, 1),
                Arguments.of(a, List.of(4, 13, 1), 1, 0, 12),
                Arguments.of(a, List.of(4, 7, 6, 1), 1, 2, 5),
                Arguments.of(a, List.of(4, 7, 13, 1), 2, 12, 0)));
    }

    @ParameterizedTest(name = "{0} {1} layer {2} pair ({3},{4})")
    @MethodSource("ties")
    void inOut_staysBitForBitTied_for500Steps(Activation activation, List<Integer> widths, int layer, int i, int j) {
        Trainer trainer = new Trainer();
        RunSpec spec = Specs.spec(widths, activation, TieMode.IN_OUT, layer, i, j, 0.0, 500, 11);
        RunResult result = trainer.run(spec);
        assertEquals(Outcome.TIED, result.outcome(), () -> "dist_end " + result.distEnd());
        assertEquals(0.0, result.distEnd());
        Parameters p = trainer.parameters();
        DMatrixRMaj in = p.weight(layer - 1);
        DMatrixRMaj out = p.weight(layer);
        for (int r = 0; r < in.numRows; r++) {
            assertBitEqual(in.get(r, i), in.get(r, j));
        }
        assertBitEqual(p.bias(layer - 1).get(0, i), p.bias(layer - 1).get(0, j));
        for (int c = 0; c < out.numCols; c++) {
            assertBitEqual(out.get(i, c), out.get(j, c));
        }
        // The net did train: the tie held while the parameters moved.
        assertTrue(result.checkpoints().get(0).loss() > result.finalLoss());
    }

    public static void assertBitEqual(double a, double b) {
        assertEquals(Double.doubleToRawLongBits(a), Double.doubleToRawLongBits(b), a + " vs " + b);
    }
}
