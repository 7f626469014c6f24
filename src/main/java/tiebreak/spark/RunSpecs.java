package tiebreak.spark;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import tiebreak.core.net.Activation;
import tiebreak.core.net.InitScheme;
import tiebreak.core.spec.OptimizerSpec;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.TaskSpec;
import tiebreak.core.spec.TieMode;
import tiebreak.core.spec.Training;

/** A run's spec rebuilt from its row of the runs table, checked against the row's run_id. */
public final class RunSpecs {
    private RunSpecs() {
    }

    public static RunSpec fromRow(Row r) {
        Map<String, String> p = new HashMap<>();
        for (String pair : r.<String>getAs("task_params").split(",")) {
            String[] kv = pair.split("=", 2);
            p.put(kv[0], kv[1]);
        }
        TaskSpec task = switch (TaskSpec.Kind.parse(r.getAs("task"))) {
            case TEACHER -> TaskSpec.teacher(i(p, "d"), i(p, "m"), i(p, "n"), Double.parseDouble(p.get("label_noise")));
            case PARITY -> TaskSpec.parity(i(p, "d"), i(p, "n"));
            case BLOBS -> TaskSpec.blobs(i(p, "d"), i(p, "k"), i(p, "n"), Double.parseDouble(p.get("spread")));
            case IRIS -> TaskSpec.iris();
        };
        Training training = new Training(OptimizerSpec.parse(r.getAs("optimizer")), r.getAs("batch_size"),
                r.getAs("weight_decay"), r.getAs("dropout"), r.getAs("grad_noise"), r.getAs("lr_jitter"),
                Training.UpdateOrder.parse(r.getAs("update_order")), Training.Gradient.parse(r.getAs("gradient")),
                r.getAs("fd_step"), Training.Precision.parse(r.getAs("precision")), r.getAs("label_noise"),
                r.getAs("input_noise"));
        RunSpec spec = new RunSpec(r.getAs("sweep"), task, r.getAs("data_seed"), r.getAs("init_seed"),
                scala.jdk.javaapi.CollectionConverters.asJava(r.<scala.collection.Seq<Integer>>getAs("widths")),
                Activation.parse(r.getAs("activation")), InitScheme.parse(r.getAs("init")), r.getAs("tie_layer"),
                scala.jdk.javaapi.CollectionConverters.asJava(r.<scala.collection.Seq<Integer>>getAs("tie_units")),
                TieMode.parse(r.getAs("tie_mode")), r.getAs("epsilon"), r.getAs("steps"), r.getAs("lr"), r.getAs("delta"),
                r.getAs("checkpoints"), training, r.getAs("variant"));
        if (!spec.runId().equals(r.getAs("run_id"))) {
            throw new IllegalStateException("the row of run " + r.getAs("run_id") + " rebuilds to another spec ("
                    + spec.runId() + ")");
        }
        return spec;
    }

    private static int i(Map<String, String> p, String key) {
        return Integer.parseInt(p.get(key));
    }
}
