package tiebreak.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Typed reads of YAML values; every failure names the file and the key path. */
final class Values {
    private Values() {
    }

    /** Where a value sits: the file and the key path, e.g. {@code grid.widths[1]}. */
    record Key(String source, String path) {
        Key child(String name) {
            return new Key(source, path.isEmpty() ? name : path + "." + name);
        }

        Key index(int i) {
            return new Key(source, path + "[" + i + "]");
        }

        ConfigException error(String problem) {
            return new ConfigException(source, path, problem);
        }
    }

    static String text(JsonNode node, Key key) throws ConfigException {
        if (node == null || !node.isValueNode() || node.isNull()) {
            throw key.error("expected a text value, got " + describe(node));
        }
        return node.asText();
    }

    static long longAtLeast(JsonNode node, Key key, long min) throws ConfigException {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
            throw key.error("expected an integer >= " + min + ", got " + describe(node));
        }
        long value = node.longValue();
        if (value < min) {
            throw key.error("expected an integer >= " + min + ", got " + value);
        }
        return value;
    }

    static int intAtLeast(JsonNode node, Key key, int min) throws ConfigException {
        long value = longAtLeast(node, key, min);
        if (value > Integer.MAX_VALUE) {
            throw key.error("expected an integer <= " + Integer.MAX_VALUE + ", got " + value);
        }
        return (int) value;
    }

    /** A finite number above {@code min} (or equal to it when {@code inclusive}). */
    static double numberAtLeast(JsonNode node, Key key, double min, boolean inclusive) throws ConfigException {
        String expected = "expected a finite number " + (inclusive ? ">= " : "> ") + plain(min);
        if (node == null || !node.isNumber()) {
            throw key.error(expected + ", got " + describe(node));
        }
        double value = node.doubleValue();
        if (!Double.isFinite(value) || value < min || (!inclusive && value == min)) {
            throw key.error(expected + ", got " + value);
        }
        return value;
    }

    /** Any finite number. */
    static double number(JsonNode node, Key key) throws ConfigException {
        if (node == null || !node.isNumber() || !Double.isFinite(node.doubleValue())) {
            throw key.error("expected a finite number, got " + describe(node));
        }
        return node.doubleValue();
    }

    static <T> T choice(JsonNode node, Key key, Function<String, T> parser) throws ConfigException {
        String name = text(node, key);
        try {
            return parser.apply(name.strip());
        } catch (IllegalArgumentException e) {
            throw key.error(e.getMessage());
        }
    }

    /** A list of layer widths, each at least 1. */
    static List<Integer> widths(JsonNode node, Key key) throws ConfigException {
        if (node == null || !node.isArray() || node.size() < 3) {
            throw key.error("expected a list [inputs, hidden..., outputs] of at least 3 widths, got " + describe(node));
        }
        List<Integer> widths = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            widths.add(intAtLeast(node.get(i), key.index(i), 1));
        }
        return List.copyOf(widths);
    }

    /** Two or more distinct unit indices [i, j, ...]. */
    static List<Integer> unitGroup(JsonNode node, Key key) throws ConfigException {
        if (node == null || !node.isArray() || node.size() < 2) {
            throw key.error("expected a group of unit indices [i, j, ...], got " + describe(node));
        }
        List<Integer> units = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            int unit = intAtLeast(node.get(i), key.index(i), 0);
            if (units.contains(unit)) {
                throw key.index(i).error("expected different units, got " + unit + " twice");
            }
            units.add(unit);
        }
        return List.copyOf(units);
    }

    /** A probability p with 0 <= p < 1. */
    static double probability(JsonNode node, Key key) throws ConfigException {
        double p = numberAtLeast(node, key, 0.0, true);
        if (p >= 1) {
            throw key.error("expected a probability in [0, 1), got " + p);
        }
        return p;
    }

    static boolean bool(JsonNode node, Key key) throws ConfigException {
        if (node == null || !node.isBoolean()) {
            throw key.error("expected true or false, got " + describe(node));
        }
        return node.booleanValue();
    }

    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isNull()) {
            return "null";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list of " + node.size();
        }
        if (node.isTextual()) {
            return "'" + node.asText() + "'";
        }
        return node.isNumber() ? node.asText() : node.toString();   // NaN, not "NaN"
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
