package tiebreak.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.BiConsumer;
import tiebreak.core.Activation;
import tiebreak.core.InitScheme;
import tiebreak.core.TieMode;

/**
 * A per-run setting of a sweep file: given once at the top level, or as a list of values under {@code grid:}
 * (an axis). Each knows how to read one value and where it goes in a run. The order of the constants is the
 * order in which the grid is expanded (the last varies fastest, before the seed).
 */
enum Setting {
    DATA_SEED("data_seed", (n, k) -> Values.longAtLeast(n, k, 0), (t, v) -> t.dataSeed = (Long) v),
    WIDTHS("widths", Values::widths, (t, v) -> t.widths = ints(v)),
    ACTIVATION("activation", (n, k) -> Values.choice(n, k, Activation::parse), (t, v) -> t.activation = (Activation) v),
    INIT("init", (n, k) -> Values.choice(n, k, InitScheme::parse), (t, v) -> t.init = (InitScheme) v),
    TIE_LAYER("tie_layer", (n, k) -> Values.intAtLeast(n, k, 1), (t, v) -> t.tieLayer = (Integer) v),
    TIE_UNITS("tie_units", Values::unitPair, (t, v) -> t.tieUnits = ints(v)),
    TIE_MODE("tie_mode", (n, k) -> Values.choice(n, k, TieMode::parse), (t, v) -> t.tieMode = (TieMode) v),
    EPSILON("epsilon", (n, k) -> Values.numberAtLeast(n, k, 0.0, true), (t, v) -> t.epsilon = (Double) v),
    STEPS("steps", (n, k) -> Values.intAtLeast(n, k, 1), (t, v) -> t.steps = (Integer) v),
    LR("lr", (n, k) -> Values.numberAtLeast(n, k, 0.0, false), (t, v) -> t.lr = (Double) v),
    DELTA("delta", (n, k) -> Values.numberAtLeast(n, k, 0.0, false), (t, v) -> t.delta = (Double) v),
    CHECKPOINTS("checkpoints", (n, k) -> Values.intAtLeast(n, k, 2), (t, v) -> t.checkpoints = (Integer) v);

    interface Reader {
        Object read(JsonNode node, Values.Key key) throws ConfigException;
    }

    final String key;
    private final Reader reader;
    private final BiConsumer<RunTemplate, Object> applier;

    Setting(String key, Reader reader, BiConsumer<RunTemplate, Object> applier) {
        this.key = key;
        this.reader = reader;
        this.applier = applier;
    }

    Object read(JsonNode node, Values.Key where) throws ConfigException {
        return reader.read(node, where);
    }

    void apply(RunTemplate template, Object value) {
        applier.accept(template, value);
    }

    /** How a value is shown in tables and messages. */
    static String show(Object value) {
        if (value instanceof Activation a) {
            return a.label();
        }
        if (value instanceof TieMode m) {
            return m.label();
        }
        if (value instanceof InitScheme s) {
            return s.label();
        }
        return String.valueOf(value);
    }

    static Setting byKey(String key) {
        for (Setting s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        return null;
    }

    static List<String> keys() {
        return java.util.Arrays.stream(values()).map(s -> s.key).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> ints(Object value) {
        return (List<Integer>) value;
    }
}
