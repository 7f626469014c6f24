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
import tiebreak.core.Activation;
import tiebreak.core.RunSpec;
import tiebreak.core.TieMode;
import tiebreak.core.TaskSpec;

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
}
