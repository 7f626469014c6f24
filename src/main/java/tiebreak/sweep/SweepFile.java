package tiebreak.sweep;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tiebreak.core.InvalidSpecException;
import tiebreak.core.RunSpec;
import tiebreak.core.TaskSpec;

/**
 * The one place that reads sweep files. Reads the YAML, checks every key and value, and returns an
 * immutable {@link Sweep}; any problem is a {@link ConfigException} naming the file and the key.
 * The format is documented in the README ("Sweep files").
 */
public final class SweepFile {
    private static final Set<String> TOP_KEYS = Set.of("name", "description", "task", "seeds", "grid", "variants",
            "max_runs", "trajectories");
    /** Sweeps up to this many runs keep their trajectories unless the file says otherwise. */
    public static final long TRAJECTORIES_BY_DEFAULT_UP_TO = 100_000;
    /** The default of {@code max_runs}: a guard against a grid that expands far beyond what was meant. */
    public static final long DEFAULT_MAX_RUNS = 1_000_000;
    private static final Map<String, List<String>> TASK_PARAMS = Map.of(
            TaskSpec.TEACHER, List.of("d", "m", "n", "label_noise"),
            TaskSpec.PARITY, List.of("d", "n"),
            TaskSpec.BLOBS, List.of("d", "k", "n", "spread"),
            TaskSpec.IRIS, List.of());
    private static final Set<String> TASK_KEYS = Set.of("name", "d", "m", "k", "n", "label_noise", "spread");
    private static final Set<String> SEED_RANGE_KEYS = Set.of("from", "to");

    private SweepFile() {
    }

    public static Sweep read(Path path) throws ConfigException {
        String source = path.toString();
        JsonNode root = parse(path, source);
        Values.Key top = new Values.Key(source, "");
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ConfigException(source, null, "the file is empty, expected a sweep (a mapping with name, task, seeds, ...)");
        }
        if (!root.isObject()) {
            throw new ConfigException(source, null, "expected a mapping of keys (name, task, seeds, ...), got " + Values.describe(root));
        }
        List<String> allowed = new ArrayList<>(TOP_KEYS);
        allowed.addAll(Setting.keys());
        checkKeys(root, top, allowed);

        String name = Values.text(required(root, top, "name", "a sweep name"), top.child("name")).strip();
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw top.child("name").error("expected a name of letters, digits, '.', '_' or '-', got '" + name + "'");
        }
        String description = root.has("description") ? Values.text(root.get("description"), top.child("description")).strip() : "";
        TaskSpec task = task(required(root, top, "task", "a task mapping (name, d, m, n)"), top.child("task"));
        List<Long> seeds = seeds(required(root, top, "seeds", "a seed count or {from, to}"), top.child("seeds"));

        Map<Setting, Object> fixed = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            if (root.has(s.key)) {
                fixed.put(s, s.read(root.get(s.key), top.child(s.key)));
            }
        }
        Map<Setting, List<Object>> axes = grid(root.get("grid"), top.child("grid"), fixed);
        List<Sweep.Variant> variants = variants(root.get("variants"), top.child("variants"), axes);
        if (!fixed.containsKey(Setting.WIDTHS) && !axes.containsKey(Setting.WIDTHS)) {
            throw top.child("widths").error("missing, expected the layer widths [inputs, hidden..., outputs], at the top level or under grid");
        }
        Sweep sweep = new Sweep(name, description, source, task, fixed, axes, variants, seeds, null);
        Boolean trajectories = root.has("trajectories") ? Values.bool(root.get("trajectories"), top.child("trajectories")) : null;
        sweep = sweep.withTrajectories(trajectories);
        long maxRuns = root.has("max_runs") ? Values.longAtLeast(root.get("max_runs"), top.child("max_runs"), 1)
                : DEFAULT_MAX_RUNS;
        if (sweep.runCount() > maxRuns) {
            throw top.child(root.has("grid") ? "grid" : "seeds").error(String.format(java.util.Locale.ROOT,
                    "expands to %,d runs (%,d conditions x %,d seeds), over max_runs = %,d; raise max_runs to allow it",
                    sweep.runCount(), sweep.runCount() / seeds.size(), seeds.size(), maxRuns));
        }
        checkEveryGridPoint(sweep, source);
        return sweep;
    }

    private static JsonNode parse(Path path, String source) throws ConfigException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        yaml.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        try {
            return yaml.readTree(Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            throw new ConfigException(source, null, "no such file");
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String at = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            String problem = e.getOriginalMessage().lines().findFirst().orElse("unreadable");
            throw new ConfigException(source, null, "malformed YAML" + at + ": " + problem);
        } catch (IOException e) {
            throw new ConfigException(source, null, "cannot read: " + e.getMessage());
        }
    }

    private static JsonNode required(JsonNode parent, Values.Key key, String field, String expected) throws ConfigException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw key.child(field).error("missing, expected " + expected);
        }
        return node;
    }

    private static TaskSpec task(JsonNode node, Values.Key key) throws ConfigException {
        if (!node.isObject()) {
            throw key.error("expected a mapping (name and the task's parameters), got " + Values.describe(node));
        }
        checkKeys(node, key, TASK_KEYS);
        String name = Values.text(required(node, key, "name", "a task name, one of " + TaskSpec.NAMES), key.child("name")).strip();
        List<String> params = TASK_PARAMS.get(name);
        if (params == null) {
            throw key.child("name").error("unknown task '" + name + "', expected one of " + TaskSpec.NAMES);
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("name") && !params.contains(field)) {
                throw key.child(field).error("not a parameter of task " + name + ", which takes " + params);
            }
        }
        try {
            return switch (name) {
                case TaskSpec.TEACHER -> TaskSpec.teacher(
                        Values.intAtLeast(required(node, key, "d", "the input dimension"), key.child("d"), 1),
                        Values.intAtLeast(required(node, key, "m", "the teacher's hidden width"), key.child("m"), 1),
                        Values.intAtLeast(required(node, key, "n", "the number of samples"), key.child("n"), 1),
                        node.has("label_noise") ? Values.numberAtLeast(node.get("label_noise"), key.child("label_noise"), 0.0, true) : 0.0);
                case TaskSpec.PARITY -> TaskSpec.parity(
                        Values.intAtLeast(required(node, key, "d", "the number of ±1 inputs"), key.child("d"), 1),
                        node.has("n") ? Values.intAtLeast(node.get("n"), key.child("n"), 0) : 0);
                case TaskSpec.BLOBS -> TaskSpec.blobs(
                        Values.intAtLeast(required(node, key, "d", "the input dimension"), key.child("d"), 1),
                        Values.intAtLeast(required(node, key, "k", "the number of classes"), key.child("k"), 2),
                        Values.intAtLeast(required(node, key, "n", "the number of samples"), key.child("n"), 2),
                        node.has("spread") ? Values.numberAtLeast(node.get("spread"), key.child("spread"), 0.0, true) : 1.0);
                default -> TaskSpec.iris();
            };
        } catch (InvalidSpecException e) {
            throw new ConfigException(key.source(), e.key(), e.getMessage());
        }
    }

    /** Each variant is a mapping of settings (and an optional name) applied on top of the fixed ones. */
    private static List<Sweep.Variant> variants(JsonNode node, Values.Key key, Map<Setting, List<Object>> axes)
            throws ConfigException {
        List<Sweep.Variant> variants = new ArrayList<>();
        if (node == null) {
            return variants;
        }
        if (!node.isArray() || node.size() == 0) {
            throw key.error("expected a non-empty list of mappings of settings, got " + Values.describe(node));
        }
        List<String> allowed = new ArrayList<>(Setting.keys());
        allowed.add("name");
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode entry = node.get(i);
            Values.Key where = key.index(i);
            if (!entry.isObject()) {
                throw where.error("expected a mapping of settings ({} for none), got " + Values.describe(entry));
            }
            checkKeys(entry, where, allowed);
            Map<Setting, Object> settings = new EnumMap<>(Setting.class);
            List<String> parts = new ArrayList<>();
            for (Setting s : Setting.values()) {
                if (entry.has(s.key)) {
                    if (axes.containsKey(s)) {
                        throw where.child(s.key).error("also an axis under grid; give it in one place only");
                    }
                    Object value = s.read(entry.get(s.key), where.child(s.key));
                    settings.put(s, value);
                    parts.add(s.key + "=" + Setting.show(value));
                }
            }
            String label = entry.has("name") ? Values.text(entry.get("name"), where.child("name")).strip()
                    : parts.isEmpty() ? "plain" : String.join(" ", parts);
            if (!labels.add(label)) {
                throw where.error("variant '" + label + "' appears twice");
            }
            variants.add(new Sweep.Variant(label, settings));
        }
        return variants;
    }

    /** A count N (seeds 0..N−1), a range {from, to} (inclusive) or an explicit list. */
    private static List<Long> seeds(JsonNode node, Values.Key key) throws ConfigException {
        List<Long> seeds = new ArrayList<>();
        if (node.isIntegralNumber()) {
            long count = Values.longAtLeast(node, key, 1);
            if (count > 100_000_000L) {
                throw key.error("expected at most 100000000 seeds, got " + count);
            }
            for (long s = 0; s < count; s++) {
                seeds.add(s);
            }
        } else if (node.isObject()) {
            checkKeys(node, key, SEED_RANGE_KEYS);
            long from = Values.longAtLeast(required(node, key, "from", "the first seed"), key.child("from"), 0);
            long to = Values.longAtLeast(required(node, key, "to", "the last seed"), key.child("to"), 0);
            if (to < from || to - from >= 100_000_000L) {
                throw key.child("to").error("expected a last seed between from (" + from + ") and from + 99999999, got " + to);
            }
            for (long s = from; s <= to; s++) {
                seeds.add(s);
            }
        } else if (node.isArray() && node.size() > 0) {
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < node.size(); i++) {
                long seed = Values.longAtLeast(node.get(i), key.index(i), 0);
                if (!seen.add(seed)) {
                    throw key.index(i).error("seed " + seed + " appears twice");
                }
                seeds.add(seed);
            }
        } else {
            throw key.error("expected a seed count (e.g. 200), a range {from: 0, to: 199} or a list of seeds, got "
                    + Values.describe(node));
        }
        return seeds;
    }

    private static Map<Setting, List<Object>> grid(JsonNode node, Values.Key key, Map<Setting, Object> fixed)
            throws ConfigException {
        Map<Setting, List<Object>> axes = new LinkedHashMap<>();
        if (node == null) {
            return axes;
        }
        if (!node.isObject() || node.size() == 0) {
            throw key.error("expected a mapping of axes, each a list of values (leave grid out for a single condition), got "
                    + Values.describe(node));
        }
        checkKeys(node, key, Setting.keys());
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Setting setting = Setting.byKey(entry.getKey());
            Values.Key where = key.child(setting.key);
            if (fixed.containsKey(setting)) {
                throw where.error("also set at the top level; give it in one place only");
            }
            JsonNode list = entry.getValue();
            if (!list.isArray() || list.size() == 0) {
                throw where.error("expected a non-empty list of values, got " + Values.describe(list));
            }
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Object value = setting.read(list.get(i), where.index(i));
                if (values.contains(value)) {
                    throw where.index(i).error("value " + Setting.show(value) + " appears twice");
                }
                values.add(value);
            }
            axes.put(setting, values);
        }
        return axes;
    }

    /** Builds one run per grid point so that rules across settings (widths vs. task, tie unit vs. width) are checked now. */
    private static void checkEveryGridPoint(Sweep sweep, String source) throws ConfigException {
        Sweep one = sweep.withFirstSeeds(1);
        Map<Setting, List<Object>> axes = sweep.axisValues();
        try {
            for (RunSpec ignored : one.runs()) {
                // constructing is the check
            }
        } catch (InvalidSpecException e) {
            Setting setting = Setting.byKey(e.key());
            String key = setting != null && axes.containsKey(setting) ? "grid." + e.key() : e.key();
            throw new ConfigException(source, key, e.getMessage());
        }
    }

    private static void checkKeys(JsonNode node, Values.Key key, java.util.Collection<String> allowed) throws ConfigException {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!allowed.contains(field)) {
                String hint = Suggest.closest(field, allowed).map(s -> " (did you mean '" + s + "'?)").orElse("");
                throw key.child(field).error("unknown key" + hint + "; expected one of " + new java.util.TreeSet<>(allowed));
            }
        }
    }
}
