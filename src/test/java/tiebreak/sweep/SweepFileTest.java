package tiebreak.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tiebreak.core.net.Activation;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.TaskSpec;
import tiebreak.core.spec.TieMode;

class SweepFileTest {
    static final String EXAMPLE = """
            name: example
            task: {name: teacher, d: 8, m: 4, n: 64}
            seeds: 3
            steps: 50
            lr: 0.1
            tie_units: [0, 2]
            grid:
              widths: [[8, 4, 1], [8, 16, 1]]
              activation: [tanh, relu]
              epsilon: [0, 1e-6]
            """;

    @TempDir
    Path dir;

    Path write(String yaml) throws IOException {
        Path file = dir.resolve("sweep.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /**
     * The expansion order is the folder's contract: a folder written before runs were expanded from their
     * index resumes only if the hash is the same. The value is sweep.json's, written by d40e649 (the
     * expansion by nested loops) for conf/perturbations.yaml (axes, variants and seeds).
     */
    @Test
    void theSpecHashIsThatOfTheExpansionBeforeIndices() throws Exception {
        assertEquals("faa73883bd02a8646218b6b4e115b18cbc547e905711964673ace1bb7d4a6b74",
                SweepFile.read(Path.of("conf/perturbations.yaml")).specHash());
    }

    /**
     * The executors expand their own index ranges: run(i), a range read from anywhere and a copy of the sweep
     * that travelled through Java serialization must all give the runs of the whole expansion, in order.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"seed-question.yaml", "perturbations.yaml", "deeper-ties.yaml",
            "epsilon-scaling.yaml", "duplicated-unit.yaml", "weight-decay-attraction.yaml"})
    void aRunIsAFunctionOfItsIndexAlone(String name) throws Exception {
        Sweep sweep = SweepFile.read(Path.of("conf", name)).withFirstSeeds(3);
        List<RunSpec> runs = sweep.runs();
        assertEquals(sweep.runCount(), runs.size());
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(sweep);
        }
        Sweep shipped;
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            shipped = (Sweep) in.readObject();
        }
        assertEquals(sweep.specHash(), shipped.specHash());
        java.util.Random random = new java.util.Random(name.hashCode());
        for (int k = 0; k < 50; k++) {
            int i = random.nextInt(runs.size());
            assertEquals(runs.get(i), sweep.run(i));
            assertEquals(runs.get(i), shipped.run(i));
            int to = i + random.nextInt(runs.size() - i + 1);
            List<RunSpec> read = new java.util.ArrayList<>();
            shipped.runs(i, to).forEachRemaining(read::add);
            assertEquals(runs.subList(i, to), read);
        }
        assertEquals(runs.stream().map(RunSpec::epsilon).collect(java.util.stream.Collectors.toSet()),
                sweep.epsilons().boxed().collect(java.util.stream.Collectors.toSet()));
        assertEquals(runs.size() / 3, sweep.conditionCount());
    }

    @Test
    void example_expandsToAxesTimesSeeds() throws Exception {
        Sweep sweep = SweepFile.read(write(EXAMPLE));
        List<RunSpec> runs = sweep.runs();
        assertEquals(2 * 2 * 2 * 3, runs.size());
        assertEquals(24, sweep.runCount());
        assertEquals(List.of("widths", "activation", "epsilon"), sweep.axes().stream().map(Sweep.Axis::key).toList());
        // Order: axes in setting order, the last fastest, seeds innermost.
        RunSpec first = runs.get(0);
        assertEquals(List.of(8, 4, 1), first.widths());
        assertEquals(Activation.TANH, first.activation());
        assertEquals(0.0, first.epsilon());
        assertEquals(0L, first.initSeed());
        assertEquals(1L, runs.get(1).initSeed());
        assertEquals(1e-6, runs.get(3).epsilon());
        assertEquals(List.of(8, 16, 1), runs.get(12).widths());
        // Fixed settings and defaults.
        assertEquals(50, first.steps());
        assertEquals(0.1, first.lr());
        assertEquals(List.of(0, 2), first.tieUnits());
        assertEquals(TieMode.IN_OUT, first.tieMode());
        assertEquals(1e-3, first.delta());
        assertEquals("example", first.sweep());
    }

    @Test
    void runIds_areUniqueAndStable() throws Exception {
        List<RunSpec> runs = SweepFile.read(write(EXAMPLE)).runs();
        assertEquals(runs.size(), new HashSet<>(runs.stream().map(RunSpec::runId).toList()).size());
        // The id is a hash of the canonical spec; this value must not change between versions.
        assertEquals("task=teacher(d=8,m=4,n=64,label_noise=0.0);data_seed=0;init_seed=0;widths=[8, 4, 1];"
                + "activation=tanh;init=lecun-normal;tie=1:[0, 2];tie_mode=in+out;epsilon=0.0;steps=50;lr=0.1;"
                + "delta=0.001;checkpoints=32", runs.get(0).canonical());
        assertEquals(GOLDEN_ID, runs.get(0).runId());
        assertEquals(16, runs.get(0).runId().length());
    }

    static final String GOLDEN_ID = "eb41a6f8d2e59ebd";

    @Test
    void firstSeeds_keepsThePrefix() throws Exception {
        Sweep sweep = SweepFile.read(write(EXAMPLE)).withFirstSeeds(2);
        assertEquals(List.of(0L, 1L), sweep.seeds());
        assertEquals(16, sweep.runs().size());
        assertEquals(3, SweepFile.read(write(EXAMPLE)).withFirstSeeds(10).seeds().size());
    }

    @Test
    void seeds_rangeAndList() throws Exception {
        String range = EXAMPLE.replace("seeds: 3", "seeds: {from: 100, to: 104}");
        assertEquals(List.of(100L, 101L, 102L, 103L, 104L), SweepFile.read(write(range)).seeds());
        String list = EXAMPLE.replace("seeds: 3", "seeds: [7, 3]");
        assertEquals(List.of(7L, 3L), SweepFile.read(write(list)).seeds());
    }

    @Test
    void sweepName_isNotPartOfTheRunId() throws Exception {
        RunSpec a = SweepFile.read(write(EXAMPLE)).runs().get(5);
        RunSpec b = SweepFile.read(write(EXAMPLE.replace("name: example", "name: other"))).runs().get(5);
        assertEquals(a.runId(), b.runId());
        RunSpec c = SweepFile.read(write(EXAMPLE.replace("lr: 0.1", "lr: 0.2"))).runs().get(5);
        assertNotEquals(a.runId(), c.runId());
    }

    @Test
    void variants_areTheLastAxis_andCarryTheirSettings() throws Exception {
        String yaml = """
                name: v
                task: {name: blobs, d: 3, k: 4, n: 40, spread: 0.3}
                seeds: 2
                widths: [3, 5, 4]
                optimizer: momentum:0.9
                grid:
                  tie_mode: [in, in+out]
                variants:
                  - {}
                  - {dropout: 0.2, batch_size: 8}
                  - {name: adam-decay, optimizer: adam, weight_decay: 1e-4}
                  - {precision: float32, update_order: sequential, gradient: finite-difference, fd_step: 1e-4}
                """;
        Sweep sweep = SweepFile.read(write(yaml));
        assertEquals(2 * 4 * 2, sweep.runCount());
        assertEquals(List.of("plain", "batch_size=8 dropout=0.2", "adam-decay",
                "update_order=sequential gradient=finite-difference fd_step=1.0E-4 precision=float32"),
                sweep.axes().get(1).values());
        List<RunSpec> runs = sweep.runs();
        assertEquals(16, runs.size());
        RunSpec plain = runs.get(0);
        assertEquals("plain", plain.variant());
        assertEquals("momentum:0.9", plain.training().optimizer().label(), "the top-level default");
        RunSpec dropout = runs.get(2);
        assertEquals(0.2, dropout.training().dropout());
        assertEquals(8, dropout.training().batchSize());
        RunSpec adam = runs.get(4);
        assertEquals("adam", adam.training().optimizer().label());
        assertEquals(1e-4, adam.training().weightDecay());
        RunSpec last = runs.get(6);
        assertEquals(true, last.training().float32());
        assertEquals(true, last.training().sequential());
        assertEquals(true, last.training().finiteDifference());
        assertEquals(TieMode.IN, last.tieMode());
        assertEquals(TieMode.IN_OUT, runs.get(8).tieMode());
        assertEquals("d=3,k=4,n=40,spread=0.3", plain.task().params());
        assertEquals(4, plain.task().outputs());
    }

    @Test
    void plainTraining_keepsTheRunIdsOfBefore() throws Exception {
        String yaml = EXAMPLE.replace("steps: 50", "steps: 50\noptimizer: sgd\nbatch_size: 0\ndropout: 0");
        assertEquals(GOLDEN_ID, SweepFile.read(write(yaml)).runs().get(0).runId());
        String adam = EXAMPLE.replace("steps: 50", "steps: 50\noptimizer: adam");
        assertNotEquals(GOLDEN_ID, SweepFile.read(write(adam)).runs().get(0).runId());
    }

    @Test
    void seedQuestion_has9600Runs() throws Exception {
        Sweep sweep = SweepFile.read(Path.of("conf/seed-question.yaml"));
        assertEquals(9600, sweep.runCount());
        assertEquals(9600, sweep.runs().size());
    }

    /** The case: an alias is its anchor's value, not the anchor's name. */
    @Test
    void alias_isTheAnchoredValue_notItsName() throws Exception {
        String yaml = """
                name: alias
                task: &task {name: teacher, d: 4, m: 2, n: 32}
                seeds: 2
                widths: [4, 6, 1]
                activation: &relu tanh
                optimizer: &fast adam
                variants:
                  - {name: a, activation: *relu}
                  - &decay {name: b, weight_decay: 1.0e-3, optimizer: *fast}
                  - {<<: *decay, name: c, lr: 0.5}
                """;
        List<RunSpec> runs = SweepFile.read(write(yaml)).runs();
        assertEquals(6, runs.size());
        assertEquals(Activation.TANH, runs.get(0).activation(), "*relu names the value tanh");
        assertEquals("adam", runs.get(2).training().optimizer().label());
        RunSpec merged = runs.get(4);
        assertEquals("c", merged.variant());
        assertEquals(1.0e-3, merged.training().weightDecay(), "merged from the anchored variant");
        assertEquals("adam", merged.training().optimizer().label());
        assertEquals(0.5, merged.lr(), "the mapping's own key wins over the merged one");
        assertEquals(TaskSpec.teacher(4, 2, 32, 0), merged.task());
    }

    /** YAML 1.2 core schema: 1e-6 and 0x10 are numbers, an explicit !!str keeps a number as text. */
    @Test
    void plainScalars_followTheCoreSchema() throws Exception {
        String yaml = EXAMPLE.replace("seeds: 3", "seeds: 0x3").replace("lr: 0.1", "lr: !!float 1");
        Sweep sweep = SweepFile.read(write(yaml));
        assertEquals(3, sweep.seeds().size());
        assertEquals(1.0, sweep.runs().get(0).lr());
        assertEquals(1e-6, sweep.runs().get(3).epsilon(), "1e-6 without a dot is a number");
        Sweep named = SweepFile.read(write(EXAMPLE.replace("name: example", "name: !!str 2026")));
        assertEquals("2026", named.name());
    }

    /** Ten million seeds are counted, not listed: reading such a file takes no time and no memory. */
    @Test
    @org.junit.jupiter.api.Timeout(10)
    void tenMillionSeeds_areNotBuiltToBeCounted() throws Exception {
        String yaml = EXAMPLE.substring(0, EXAMPLE.indexOf("grid:")).replace("seeds: 3", "seeds: 10000000\nmax_runs: 10000000")
                + "widths: [8, 4, 1]\n";
        Sweep sweep = SweepFile.read(write(yaml));
        assertEquals(10_000_000, sweep.runCount());
        assertEquals(9_999_999L, sweep.seeds().get(9_999_999));
        assertEquals(List.of(5L, 6L), sweep.seeds().subList(5, 7));
    }

    /** 30^13 runs do not fit in a long: refused as more than Long.MAX_VALUE, not wrapped round to a small count. */
    @Test
    @org.junit.jupiter.api.Timeout(10)
    void aGridBeyondALong_isRefused_notWrappedRound() throws Exception {
        StringBuilder yaml = new StringBuilder("""
                name: huge
                task: {name: teacher, d: 8, m: 4, n: 64}
                seeds: 1
                widths: [8, 4, 1]
                grid:
                """);
        for (String axis : List.of("data_seed", "steps", "checkpoints", "batch_size")) {
            yaml.append("  ").append(axis).append(": [").append(values(axis.equals("data_seed") || axis.equals("batch_size")
                    ? 0 : 2, 1)).append("]\n");
        }
        for (String axis : List.of("epsilon", "lr", "delta", "weight_decay", "grad_noise", "lr_jitter", "fd_step",
                "label_noise", "input_noise")) {
            yaml.append("  ").append(axis).append(": [").append(values(1, 0.001)).append("]\n");
        }
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> SweepFile.read(write(yaml.toString())));
        BadSweepFileTest.assertOneLine(e.getMessage(), dir.resolve("sweep.yaml") + ": grid: ",
                "expands to more than 9,223,372,036,854,775,807 runs, over max_runs = 100,000,000");
    }

    /** Thirty values start, start + step, ...: distinct, and valid for every axis used above. */
    private static String values(double start, double step) {
        List<String> values = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            double v = start + i * step;
            values.add(step == 1 ? Long.toString((long) v) : Double.toString(v));
        }
        return String.join(", ", values);
    }
}
