package tiebreak.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads one YAML document into a tree of values, the way a reader of the file would: anchors and aliases
 * resolved to the anchored value ({@code *relu} is what {@code &relu} marks, not the word "relu"), merge keys
 * ({@code <<: *base}) applied, plain scalars typed by the YAML 1.2 core schema ({@code .nan}, {@code .inf} are
 * numbers, {@code yes} and {@code 010} are not booleans or octal). Refused, each as one line naming the file,
 * the line and, where there is one, the key: a key given twice, a recursive alias, a tag other than the core
 * ones, more than one document, and a tree that aliases expand beyond {@value #MAX_VALUES} values.
 */
final class YamlTree {
    /** Values in the expanded tree: far above any real sweep file, low enough that an alias bomb stops at once. */
    static final int MAX_VALUES = 1_000_000;

    private static final Pattern NULL = Pattern.compile("null|Null|NULL|~|");
    private static final Pattern TRUE = Pattern.compile("true|True|TRUE");
    private static final Pattern FALSE = Pattern.compile("false|False|FALSE");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern OCTAL = Pattern.compile("0o[0-7]+");
    private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]+");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    private static final Pattern INFINITY = Pattern.compile("([-+]?)\\.(inf|Inf|INF)");
    private static final Pattern NAN = Pattern.compile("\\.(nan|NaN|NAN)");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** SnakeYAML's own (YAML 1.1) typing, only to tell an implicit tag from one written in the file. */
    private static final Resolver IMPLICIT = new Resolver();

    private final String source;
    private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());
    private int values;

    private YamlTree(String source) {
        this.source = source;
    }

    /** The document in {@code text}, or null if there is none; {@code maxChars} bounds the text. */
    static JsonNode parse(String text, String source, int maxChars) throws ConfigException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true);   // found below, with the key's path and both lines
        options.setCodePointLimit(Math.max(maxChars, 1));
        // SnakeYAML's guard (50) would stop a file that aliases its task or optimizer settings a few dozen times;
        // MAX_VALUES bounds what the aliases expand to instead.
        options.setMaxAliasesForCollections(10_000);
        List<Node> documents = new ArrayList<>();
        try {
            for (Node document : new Yaml(options).composeAll(new StringReader(text))) {
                documents.add(document);
                if (documents.size() > 1) {
                    throw new ConfigException(source, null, "a second YAML document starts at line "
                            + line(document.getStartMark()) + "; a sweep file is one document (remove the '---')");
                }
            }
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String at = mark == null ? "" : " at line " + line(mark) + ", column " + (mark.getColumn() + 1);
            throw new ConfigException(source, null, "malformed YAML" + at + ": " + firstLine(e.getProblem()));
        } catch (YAMLException e) {
            throw new ConfigException(source, null, "malformed YAML: " + firstLine(e.getMessage()));
        }
        return documents.isEmpty() ? null : new YamlTree(source).value(documents.get(0), "");
    }

    private JsonNode value(Node node, String path) throws ConfigException {
        if (++values > MAX_VALUES) {
            throw error(path, node, "the file expands to more than " + MAX_VALUES + " values (through aliases?)");
        }
        if (!open.add(node)) {
            throw error(path, node, "an alias refers to a value that contains it (a recursive alias)");
        }
        try {
            return switch (node.getNodeId()) {
                case scalar -> scalar((ScalarNode) node, path);
                case sequence -> sequence((SequenceNode) node, path);
                case mapping -> mapping((MappingNode) node, path);
                default -> throw error(path, node, "unexpected YAML node " + node.getNodeId());
            };
        } finally {
            open.remove(node);
        }
    }

    private ArrayNode sequence(SequenceNode node, String path) throws ConfigException {
        requireTag(node, Tag.SEQ, path);
        ArrayNode array = NODES.arrayNode();
        List<Node> items = node.getValue();
        for (int i = 0; i < items.size(); i++) {
            array.add(value(items.get(i), path + "[" + i + "]"));
        }
        return array;
    }

    /** Explicit keys first; then merged mappings, in order, add the keys not yet there (YAML's merge key). */
    private ObjectNode mapping(MappingNode node, String path) throws ConfigException {
        requireTag(node, Tag.MAP, path);
        ObjectNode object = NODES.objectNode();
        Map<String, Integer> lines = new java.util.HashMap<>();
        List<Node> merged = new ArrayList<>();
        for (NodeTuple tuple : node.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw error(path, tuple.getKeyNode(), "expected a key (a word), got a " + tuple.getKeyNode().getNodeId());
            }
            if (key.getTag().equals(Tag.MERGE) && key.isPlain()) {
                merged.add(tuple.getValueNode());
                continue;
            }
            String name = key.getValue();
            String child = child(path, name);
            Integer first = lines.putIfAbsent(name, line(key.getStartMark()));
            if (first != null) {
                throw new ConfigException(source, child, "given twice (lines " + first + " and "
                        + line(key.getStartMark()) + ")");
            }
            object.set(name, value(tuple.getValueNode(), child));
        }
        for (Node merge : merged) {
            List<Node> maps = merge instanceof SequenceNode list ? list.getValue() : List.of(merge);
            for (Node map : maps) {
                JsonNode base = value(map, child(path, "<<"));
                if (!base.isObject()) {
                    throw error(child(path, "<<"), map, "a merge key (<<) takes a mapping or a list of mappings");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = base.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    if (!object.has(field.getKey())) {
                        object.set(field.getKey(), field.getValue());
                    }
                }
            }
        }
        return object;
    }

    private JsonNode scalar(ScalarNode node, String path) throws ConfigException {
        String text = node.getValue();
        Tag tag = node.getTag();
        boolean implicit = node.isPlain() && tag.equals(IMPLICIT.resolve(NodeId.scalar, text, true));
        if (implicit) {
            return core(text);
        }
        if (tag.equals(Tag.STR)) {
            return NODES.textNode(text);
        }
        JsonNode typed = core(text.strip());
        boolean fits = tag.equals(Tag.NULL) ? typed.isNull()
                : tag.equals(Tag.BOOL) ? typed.isBoolean()
                : tag.equals(Tag.INT) ? typed.isIntegralNumber()
                : tag.equals(Tag.FLOAT) && typed.isNumber();
        if (!tag.equals(Tag.NULL) && !tag.equals(Tag.BOOL) && !tag.equals(Tag.INT) && !tag.equals(Tag.FLOAT)) {
            throw error(path, node, "the tag " + tag + " is not supported; write the value without it");
        }
        if (!fits) {
            throw error(path, node, "'" + text + "' is not a valid " + tag.getValue().replace(Tag.PREFIX, "!!"));
        }
        return tag.equals(Tag.FLOAT) ? NODES.numberNode(typed.doubleValue()) : typed;
    }

    /** The YAML 1.2 core schema's reading of a plain scalar. */
    private static JsonNode core(String text) {
        if (NULL.matcher(text).matches()) {
            return NODES.nullNode();
        }
        if (TRUE.matcher(text).matches() || FALSE.matcher(text).matches()) {
            return NODES.booleanNode(TRUE.matcher(text).matches());
        }
        if (DECIMAL.matcher(text).matches()) {
            return integer(new BigInteger(text.startsWith("+") ? text.substring(1) : text));
        }
        if (OCTAL.matcher(text).matches() || HEX.matcher(text).matches()) {
            return integer(new BigInteger(text.substring(2), text.charAt(1) == 'o' ? 8 : 16));
        }
        if (FLOAT.matcher(text).matches()) {
            return NODES.numberNode(Double.parseDouble(text));
        }
        java.util.regex.Matcher infinity = INFINITY.matcher(text);
        if (infinity.matches()) {
            return NODES.numberNode(infinity.group(1).equals("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        if (NAN.matcher(text).matches()) {
            return NODES.numberNode(Double.NaN);
        }
        return NODES.textNode(text);
    }

    private static JsonNode integer(BigInteger value) {
        return value.bitLength() < 64 ? NODES.numberNode(value.longValue()) : NODES.numberNode(value);
    }

    private void requireTag(Node node, Tag expected, String path) throws ConfigException {
        if (!node.getTag().equals(expected)) {
            throw error(path, node, "the tag " + node.getTag() + " is not supported; write the value without it");
        }
    }

    private ConfigException error(String path, Node node, String problem) {
        return new ConfigException(source, path, problem + " (line " + line(node.getStartMark()) + ")");
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static int line(Mark mark) {
        return mark == null ? 0 : mark.getLine() + 1;
    }

    private static String firstLine(String text) {
        return text == null ? "unreadable" : text.lines().findFirst().orElse("unreadable").strip();
    }
}
