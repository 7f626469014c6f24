package tiebreak.core.net;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * The kinds of net and spec (activation, init, task, tie mode, optimizer, precision, ...) by the labels they
 * have in sweep files, run ids and tables: one lookup for every enum of kinds, each keeping its own refusal.
 */
public final class Labels {
    private Labels() {
    }

    /** The constant whose label is {@code name}. */
    public static <E> Optional<E> find(E[] values, Function<E, String> label, String name) {
        return Arrays.stream(values).filter(v -> label.apply(v).equals(name)).findFirst();
    }

    /** The labels in declaration order, as {@code [a, b, c]}. */
    public static <E> String list(E[] values, Function<E, String> label) {
        return Arrays.stream(values).map(label).toList().toString();
    }
}
