package tiebreak.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.TaskSpec;

/**
 * A validated sweep file: fixed settings, axes and init seeds. Immutable; {@link #runs()} expands the grid
 * in a fixed order (axes in {@link Setting} order, the last fastest, then the variants, seeds innermost).
 */
public final class Sweep implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** One axis of the grid: a setting and the labels of its values, in file order. */
    public record Axis(String key, List<String> values) {
    }

    /** A bundle of settings applied together, on top of the fixed ones; the last axis, before the seeds. */
    record Variant(String label, Map<Setting, Object> settings) implements java.io.Serializable {
        Variant {
            settings = Map.copyOf(settings);
        }
    }

    private final String name;
    private final String description;
    private final String source;
    private final TaskSpec task;
    private final Map<Setting, Object> fixed;
    private final Map<Setting, List<Object>> axes;
    private final List<Variant> variants;
    private final List<Long> seeds;
    private final Boolean trajectories;
    /** {@link #specHash}, once computed: a pass over every run's spec, seconds for millions of runs. */
    private transient volatile String specHash;

    Sweep(String name, String description, String source, TaskSpec task, Map<Setting, Object> fixed,
            Map<Setting, List<Object>> axes, List<Variant> variants, List<Long> seeds, Boolean trajectories) {
        this.name = name;
        this.description = description;
        this.source = source;
        this.task = task;
        this.fixed = Map.copyOf(fixed);
        this.axes = sortedCopy(axes);
        this.variants = List.copyOf(variants);
        this.seeds = seeds instanceof SeedRange ? seeds : List.copyOf(seeds);
        this.trajectories = trajectories;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** The file it was read from. */
    public String source() {
        return source;
    }

    public TaskSpec task() {
        return task;
    }

    public List<Axis> axes() {
        List<Axis> result = new ArrayList<>();
        axes.forEach((setting, values) -> result.add(
                new Axis(setting.key, values.stream().map(Setting::show).toList())));
        if (!variants.isEmpty()) {
            result.add(new Axis("variant", variants.stream().map(Variant::label).toList()));
        }
        return result;
    }

    /**
     * SHA-256 of the sweep name and every run's canonical spec, in order: what a result folder was written
     * for. Resuming into a folder with another hash is refused.
     */
    public String specHash() {
        String hash = specHash;
        if (hash == null) {
            hash = computeSpecHash();
            specHash = hash;
        }
        return hash;
    }

    private String computeSpecHash() {
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            digest.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest.update((byte) (trajectories() ? 1 : 0));
            digest.update((byte) RunSpec.ARITHMETIC);
            forEachRun(run -> {
                digest.update((byte) '\n');
                digest.update(run.canonical().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            });
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** The value of axis {@code key} (a setting or {@code variant}) in a run, as shown in tables. */
    public static String axisValue(RunSpec run, String key) {
        if (key.equals("variant")) {
            return run.variant();
        }
        Setting setting = Setting.byKey(key);
        if (setting == null) {
            throw new IllegalArgumentException("no axis " + key);
        }
        return setting.valueIn(run);
    }

    public List<Long> seeds() {
        return seeds;
    }

    /** The same sweep with only its first {@code count} init seeds (all of them if it has fewer). */
    public Sweep withFirstSeeds(int count) {
        return new Sweep(name, description, source, task, fixed, axes, variants,
                seeds.subList(0, Math.min(count, seeds.size())), trajectories);
    }

    /** The same sweep with the trajectories switch set (null: the default). */
    Sweep withTrajectories(Boolean keep) {
        return new Sweep(name, description, source, task, fixed, axes, variants, seeds, keep);
    }

    /**
     * Whether the sweep writes the {@code trajectories} table: as the file says, else for sweeps of up to
     * {@value SweepFile#TRAJECTORIES_BY_DEFAULT_UP_TO} runs.
     */
    public boolean trajectories() {
        return trajectories != null ? trajectories : runCount() <= SweepFile.TRAJECTORIES_BY_DEFAULT_UP_TO;
    }

    /** The number of runs; {@link Long#MAX_VALUE} for a grid too large to count in a long. */
    public long runCount() {
        long count = seeds.size();
        try {
            for (List<Object> values : axes.values()) {
                count = Math.multiplyExact(count, values.size());
            }
            return Math.multiplyExact(count, Math.max(1, variants.size()));
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Every value of ε the sweep's runs take (with repeats): the fixed value or the axis's, where a variant
     * sets none, and each variant's own. Read from the settings, so it costs nothing however many runs.
     */
    public java.util.stream.DoubleStream epsilons() {
        List<Object> base = axes.containsKey(Setting.EPSILON) ? axes.get(Setting.EPSILON)
                : List.of(template().epsilon);   // the fixed value, or the default
        if (variants.isEmpty()) {
            return base.stream().mapToDouble(v -> (Double) v);
        }
        return variants.stream().flatMap(v -> v.settings().containsKey(Setting.EPSILON)
                ? java.util.stream.Stream.of(v.settings().get(Setting.EPSILON)) : base.stream()).mapToDouble(v -> (Double) v);
    }

    /** The number of conditions: the product of the axes' sizes and the variants (runs = conditions × seeds). */
    public long conditionCount() {
        return runCount() / seeds.size();
    }

    /** Every run of the sweep: the product of the axes times the seeds (for small sweeps: it holds them all). */
    public List<RunSpec> runs() {
        List<RunSpec> runs = new ArrayList<>((int) Math.min(runCount(), 1 << 16));
        forEachRun(runs::add);
        return runs;
    }

    /** Each run of the sweep in order, without keeping them. */
    public void forEachRun(java.util.function.Consumer<RunSpec> action) {
        runs(0, runCount()).forEachRemaining(action);
    }

    /**
     * Run {@code index} of the sweep (0 ≤ index < {@link #runCount()}), computed from the index alone: the
     * expansion is a pure function, so an executor expands its own index ranges and the driver keeps none of
     * the specs. Index = condition × seeds + seed position; condition = (axes' mixed-radix index, in
     * {@link Setting} order with the last axis fastest) × variants + variant: the variant changes fastest.
     */
    public RunSpec run(long index) {
        java.util.Objects.checkIndex(index, runCount());
        return condition(index / seeds.size()).build(name, seeds.get((int) (index % seeds.size())));
    }

    /** The first seed's run of condition {@code condition}: what the condition's runs share but the seed. */
    public RunSpec conditionRun(long condition) {
        return run(condition * seeds.size());
    }

    /**
     * Runs {@code from} (inclusive) to {@code to} (exclusive) in order, built as they are read: one template a
     * condition, so a range costs little more than its specs.
     */
    public java.util.Iterator<RunSpec> runs(long from, long to) {
        java.util.Objects.checkFromToIndex(from, to, runCount());
        int seedCount = seeds.size();
        return new java.util.Iterator<>() {
            private long next = from;
            private long condition = -1;
            private RunTemplate template;

            @Override
            public boolean hasNext() {
                return next < to;
            }

            @Override
            public RunSpec next() {
                if (next >= to) {
                    throw new java.util.NoSuchElementException();
                }
                long c = next / seedCount;
                if (c != condition) {
                    condition = c;
                    template = condition(c);
                }
                return template.build(name, seeds.get((int) (next++ % seedCount)));
            }
        };
    }

    /** The template of condition {@code c}: the fixed settings, then each axis's value, then the variant's. */
    private RunTemplate condition(long c) {
        List<Variant> bundles = variants.isEmpty() ? List.of(new Variant("", Map.of())) : variants;
        Variant variant = bundles.get((int) (c % bundles.size()));
        long rest = c / bundles.size();
        List<Setting> order = new ArrayList<>(axes.keySet());
        int[] index = new int[order.size()];
        for (int a = order.size() - 1; a >= 0; a--) {
            int size = axes.get(order.get(a)).size();
            index[a] = (int) (rest % size);
            rest /= size;
        }
        RunTemplate template = template();
        for (int a = 0; a < order.size(); a++) {
            Setting setting = order.get(a);
            setting.apply(template, axes.get(setting).get(index[a]));
        }
        variant.settings().forEach((setting, value) -> setting.apply(template, value));
        template.variant = variant.label();
        return template;
    }

    /** A template with the task and the fixed settings: every condition starts from it. */
    private RunTemplate template() {
        RunTemplate template = new RunTemplate();
        template.task = task;
        fixed.forEach((setting, value) -> setting.apply(template, value));
        return template;
    }

    Map<Setting, List<Object>> axisValues() {
        return axes;
    }

    private static Map<Setting, List<Object>> sortedCopy(Map<Setting, List<Object>> axes) {
        Map<Setting, List<Object>> sorted = new LinkedHashMap<>();
        for (Setting s : Setting.values()) {
            if (axes.containsKey(s)) {
                sorted.put(s, List.copyOf(axes.get(s)));
            }
        }
        return java.util.Collections.unmodifiableMap(sorted);
    }
}
