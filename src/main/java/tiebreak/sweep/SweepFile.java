package tiebreak.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tiebreak.core.spec.InvalidSpecException;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.TaskSpec;

/**
 * The one place that reads sweep files. Reads the YAML, checks every key and value, and returns an
 * immutable {@link Sweep}; any problem is a {@link ConfigException} naming the file and the key.
 * The format is documented in the README ("Sweep files").
 */
public final class SweepFile {
    static final Set<String> TOP_KEYS = Set.of("name", "description", "task", "seeds", "grid", "variants",
            "max_runs", "trajectories");
    /** Sweeps up to this many runs keep their trajectories unless the file says otherwise. */
    public static final long TRAJECTORIES_BY_DEFAULT_UP_TO = 100_000;
    /** The default of {@code max_runs}: a guard against a grid that expands far beyond what was meant. */
    public static final long DEFAULT_MAX_RUNS = 100_000_000;
    /**
     * The most runs a sweep may have (the highest {@code max_runs}). The driver holds no run's spec (the
     * executors expand their index ranges), so this bounds time, not memory: the driver hashes every run's
     * spec once for sweep.json, about 1 s per million runs warm, some 20 minutes for 10^9 (docs/limits.md).
     */
    public static final long MAX_RUNS_LIMIT = 1_000_000_000L;
    /** The most seeds a sweep may have: a run's seed is found from its index by an int position. */
    public static final int MAX_SEEDS = 10_000_000;
    /** The largest sweep file read: far above any real one (the seed question's is 856 bytes). */
    public static final int MAX_FILE_BYTES = 1 << 20;
    /** The keys of the task mapping: its name and every task's parameters. */
    private static final Set<String> TASK_KEYS = java.util.stream.Stream.concat(java.util.stream.Stream.of("name"),
            java.util.Arrays.stream(TaskSpec.Kind.values()).flatMap(k -> k.parameters().stream()))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    static final Set<String> SEED_RANGE_KEYS = Set.of("from", "to");

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
        long maxRuns = root.has("max_runs") ? maxRuns(root.get("max_runs"), top.child("max_runs")) : DEFAULT_MAX_RUNS;
        if (sweep.runCount() > maxRuns) {
            Values.Key where = top.child(root.has("grid") || root.has("variants") ? "grid" : "seeds");
            if (sweep.runCount() == Long.MAX_VALUE) {
                throw where.error(String.format(java.util.Locale.ROOT, "expands to more than %,d runs, over max_runs = %,d",
                        Long.MAX_VALUE, maxRuns));
            }
            throw where.error(String.format(java.util.Locale.ROOT,
                    "expands to %,d runs (%,d conditions x %,d seeds), over max_runs = %,d%s",
                    sweep.runCount(), sweep.runCount() / seeds.size(), seeds.size(), maxRuns,
                    sweep.runCount() <= MAX_RUNS_LIMIT ? "; raise max_runs to allow it"
                            : String.format(java.util.Locale.ROOT, " (at most %,d)", MAX_RUNS_LIMIT)));
        }
        checkEveryGridPoint(sweep, source);
        return sweep;
    }

    /**
     * The file's tree of values. Only a regular file of at most {@value #MAX_FILE_BYTES} bytes is read (a sweep
     * file holds settings, not data; a device, a pipe or a huge file is refused before it is read whole).
     */
    private static JsonNode parse(Path path, String source) throws ConfigException {
        if (!Files.exists(path)) {
            throw new ConfigException(source, null, "no such file");
        }
        if (Files.isDirectory(path)) {
            throw new ConfigException(source, null, "is a folder, expected a sweep file (YAML)");
        }
        if (!Files.isRegularFile(path)) {
            throw new ConfigException(source, null, "is not a regular file (a device, pipe or socket?), expected a sweep file (YAML)");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw new ConfigException(source, null, "cannot read: " + e.getMessage());
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new ConfigException(source, null, String.format(java.util.Locale.ROOT,
                    "is larger than %,d bytes, the limit for a sweep file (settings, not data; give seeds as a count or "
                            + "a range)", MAX_FILE_BYTES));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(source, null, "is not UTF-8 text, expected a sweep file (YAML)");
        }
        return YamlTree.parse(text, source, MAX_FILE_BYTES);
    }

    private static long maxRuns(JsonNode node, Values.Key key) throws ConfigException {
        long value = Values.longAtLeast(node, key, 1);
        if (value > MAX_RUNS_LIMIT) {
            throw key.error(String.format(java.util.Locale.ROOT, "expected at most %,d (the most runs a sweep may "
                    + "have), got %,d", MAX_RUNS_LIMIT, value));
        }
        return value;
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
        TaskSpec.Kind kind = Values.choice(required(node, key, "name", "a task name, one of " + TaskSpec.NAMES),
                key.child("name"), TaskSpec.Kind::parse);
        List<String> params = kind.parameters();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("name") && !params.contains(field)) {
                throw key.child(field).error("not a parameter of task " + kind.label() + ", which takes " + params);
            }
        }
        try {
            return switch (kind) {
                case TEACHER -> TaskSpec.teacher(
                        Values.intAtLeast(required(node, key, "d", "the input dimension"), key.child("d"), 1),
                        Values.intAtLeast(required(node, key, "m", "the teacher's hidden width"), key.child("m"), 1),
                        Values.intAtLeast(required(node, key, "n", "the number of samples"), key.child("n"), 1),
                        node.has("label_noise") ? Values.numberAtLeast(node.get("label_noise"), key.child("label_noise"), 0.0, true) : 0.0);
                case PARITY -> TaskSpec.parity(
                        Values.intAtLeast(required(node, key, "d", "the number of ±1 inputs"), key.child("d"), 1),
                        node.has("n") ? Values.intAtLeast(node.get("n"), key.child("n"), 0) : 0);
                case BLOBS -> TaskSpec.blobs(
                        Values.intAtLeast(required(node, key, "d", "the input dimension"), key.child("d"), 1),
                        Values.intAtLeast(required(node, key, "k", "the number of classes"), key.child("k"), 2),
                        Values.intAtLeast(required(node, key, "n", "the number of samples"), key.child("n"), 2),
                        node.has("spread") ? Values.numberAtLeast(node.get("spread"), key.child("spread"), 0.0, true) : 1.0);
                case IRIS -> TaskSpec.iris();
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

    /** A count N (seeds 0..N−1), a range {from, to} (inclusive) or an explicit list; none built before it is counted. */
    private static List<Long> seeds(JsonNode node, Values.Key key) throws ConfigException {
        if (node.isIntegralNumber()) {
            long count = Values.longAtLeast(node, key, 1);
            if (count > MAX_SEEDS) {
                throw key.error(String.format(java.util.Locale.ROOT, "expected at most %,d seeds, got %,d", MAX_SEEDS, count));
            }
            return new SeedRange(0, (int) count);
        }
        if (node.isObject()) {
            checkKeys(node, key, SEED_RANGE_KEYS);
            long from = Values.longAtLeast(required(node, key, "from", "the first seed"), key.child("from"), 0);
            long to = Values.longAtLeast(required(node, key, "to", "the last seed"), key.child("to"), 0);
            if (to < from || to - from >= MAX_SEEDS) {
                throw key.child("to").error(String.format(java.util.Locale.ROOT, "expected a last seed between from (%d) "
                        + "and from + %,d (the most seeds a sweep may have), got %d", from, MAX_SEEDS - 1, to));
            }
            return new SeedRange(from, (int) (to - from + 1));
        }
        if (node.isArray() && node.size() > 0) {
            List<Long> seeds = new ArrayList<>();
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < node.size(); i++) {
                long seed = Values.longAtLeast(node.get(i), key.index(i), 0);
                if (!seen.add(seed)) {
                    throw key.index(i).error("seed " + seed + " appears twice");
                }
                seeds.add(seed);
            }
            return seeds;
        }
        throw key.error("expected a seed count (e.g. 200), a range {from: 0, to: 199} or a list of seeds, got "
                + Values.describe(node));
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
            Set<Object> seen = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                Object value = setting.read(list.get(i), where.index(i));
                values.add(value);
                if (!seen.add(value)) {
                    throw where.index(i).error("value " + Setting.show(value) + " appears twice");
                }
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
            one.forEachRun(run -> {
                // constructing is the check (a condition at a time, none kept: a grid may have millions)
            });
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
