package tiebreak.trace;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import tiebreak.core.net.Parameters;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.tie.Checkpoint;
import tiebreak.core.tie.RunResult;
import tiebreak.core.train.Trainer;

/**
 * One run as a JSON file that another implementation can replay: the full spec, the data, the initial
 * parameters after tying and perturbation, every checkpoint's measurements and the outcome. Format
 * {@code tiebreak-trace/1}, documented in the README ("Replaying a run").
 */
public final class RunTrace {
    public static final String FORMAT = "tiebreak-trace/1";

    private RunTrace() {
    }

    /** Trains the run and writes its trace; returns the result. */
    public static RunResult write(RunSpec spec, Path file) throws IOException {
        Trainer trainer = new Trainer();
        trainer.prepare(spec);
        Map<String, Object> trace = new LinkedHashMap<>();
        trace.put("format", FORMAT);
        trace.put("run_id", spec.runId());
        trace.put("canonical_spec", spec.canonical());
        trace.put("spec", specMap(spec));
        trace.put("model", Map.of(
                "forward", "z_l = a_{l-1} W_l + b_l; a_l = f(z_l) for hidden layers; output linear",
                "loss", spec.task().loss().label().equals("mse") ? "mean over samples of (yhat - y)^2 / 2"
                        : "mean over samples of softmax cross-entropy",
                "update", "plain gradient descent: theta <- theta - lr * grad (when optimizer is sgd and no perturbation)",
                "weights_layout", "W_l[i][j]: from unit i of layer l-1 to unit j of layer l"));
        trace.put("data", Map.of("x", rows(trainer.data().x), "y", rows(trainer.data().y)));
        trace.put("initial_parameters", layers(trainer.parameters()));
        RunResult result = trainer.trainPrepared(spec);
        List<Map<String, Object>> checkpoints = new ArrayList<>();
        for (Checkpoint c : result.checkpoints()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("step", c.step());
            m.put("d_in", c.dIn());
            m.put("d_out", c.dOut());
            m.put("dist", c.dist());
            m.put("scale", c.scale());
            m.put("rel", c.rel());
            m.put("loss", c.loss());
            m.put("accuracy", Double.isNaN(c.accuracy()) ? null : c.accuracy());
            checkpoints.add(m);
        }
        trace.put("checkpoints", checkpoints);
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("outcome", result.outcome().label());
        outcome.put("diverge_step", result.divergeStep());
        outcome.put("growth_rate", result.growthRate());
        outcome.put("final_loss", result.finalLoss());
        trace.put("result", outcome);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), trace);
        return result;
    }

    private static Map<String, Object> specMap(RunSpec s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sweep", s.sweep());
        m.put("task", s.task().name());
        m.put("task_params", s.task().params());
        m.put("data_seed", s.dataSeed());
        m.put("init_seed", s.initSeed());
        m.put("widths", s.widths());
        m.put("activation", s.activation().label());
        m.put("init", s.init().label());
        m.put("tie_layer", s.tieLayer());
        m.put("tie_units", s.tieUnits());
        m.put("tie_mode", s.tieMode().label());
        m.put("epsilon", s.epsilon());
        m.put("steps", s.steps());
        m.put("lr", s.lr());
        m.put("delta", s.delta());
        m.put("checkpoints", s.checkpoints());
        m.put("training", s.training().describe());
        m.put("variant", s.variant());
        return m;
    }

    private static List<Map<String, Object>> layers(Parameters p) {
        List<Map<String, Object>> layers = new ArrayList<>();
        for (int l = 0; l < p.layers(); l++) {
            layers.add(Map.of("W", rows(p.weight(l)), "b", rows(p.bias(l)).get(0)));
        }
        return layers;
    }

    private static List<double[]> rows(DMatrixRMaj m) {
        List<double[]> rows = new ArrayList<>(m.numRows);
        for (int r = 0; r < m.numRows; r++) {
            double[] row = new double[m.numCols];
            System.arraycopy(m.data, r * m.numCols, row, 0, m.numCols);
            rows.add(row);
        }
        return rows;
    }
}
