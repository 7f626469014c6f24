package tiebreak.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.Training;
import tiebreak.core.tie.Outcome;
import tiebreak.core.tie.RunResult;

/** The {@code runs} table: its explicit schema and one row per run. Documented in the README. */
public final class RunsTable {
    /** The columns that describe a condition (everything in a spec but the init seed); the summary groups by them. */
    public static final List<String> CONDITION_COLUMNS = List.of(
            "sweep", "task", "task_params", "data_seed", "widths", "activation", "init", "tie_layer", "tie_units",
            "tie_mode", "epsilon", "steps", "lr", "delta", "checkpoints", "variant", "optimizer", "batch_size",
            "weight_decay", "dropout", "grad_noise", "lr_jitter", "update_order", "gradient", "fd_step", "precision",
            "label_noise", "input_noise");

    public static final StructType SCHEMA = new StructType(new StructField[] {
        field("run_id", DataTypes.StringType, false),
        field("sweep", DataTypes.StringType, false),
        field("task", DataTypes.StringType, false),
        field("task_params", DataTypes.StringType, false),
        field("init_seed", DataTypes.LongType, false),
        field("data_seed", DataTypes.LongType, false),
        field("widths", DataTypes.createArrayType(DataTypes.IntegerType, false), false),
        field("activation", DataTypes.StringType, false),
        field("init", DataTypes.StringType, false),
        field("tie_layer", DataTypes.IntegerType, false),
        field("tie_units", DataTypes.createArrayType(DataTypes.IntegerType, false), false),
        field("tie_mode", DataTypes.StringType, false),
        field("epsilon", DataTypes.DoubleType, false),
        field("steps", DataTypes.IntegerType, false),
        field("lr", DataTypes.DoubleType, false),
        field("delta", DataTypes.DoubleType, false),
        field("checkpoints", DataTypes.IntegerType, false),
        field("variant", DataTypes.StringType, false),
        field("optimizer", DataTypes.StringType, false),
        field("batch_size", DataTypes.IntegerType, false),
        field("weight_decay", DataTypes.DoubleType, false),
        field("dropout", DataTypes.DoubleType, false),
        field("grad_noise", DataTypes.DoubleType, false),
        field("lr_jitter", DataTypes.DoubleType, false),
        field("update_order", DataTypes.StringType, false),
        field("gradient", DataTypes.StringType, false),
        field("fd_step", DataTypes.DoubleType, false),
        field("precision", DataTypes.StringType, false),
        field("label_noise", DataTypes.DoubleType, false),
        field("input_noise", DataTypes.DoubleType, false),
        field("outcome", DataTypes.StringType, false),
        field("dist_start", DataTypes.DoubleType, true),
        field("dist_end", DataTypes.DoubleType, true),
        field("rel_end", DataTypes.DoubleType, true),
        field("diverge_step", DataTypes.IntegerType, true),
        field("growth_rate", DataTypes.DoubleType, true),
        field("final_loss", DataTypes.DoubleType, true),
        field("final_accuracy", DataTypes.DoubleType, true),
        field("wall_ms", DataTypes.LongType, false),
        field("error", DataTypes.StringType, true),
    });

    /** One checkpoint of one run: the {@code trajectories} table. */
    public static final StructType TRAJECTORY_SCHEMA = new StructType(new StructField[] {
        field("run_id", DataTypes.StringType, false),
        field("step", DataTypes.IntegerType, false),
        field("d_in", DataTypes.DoubleType, false),
        field("d_out", DataTypes.DoubleType, false),
        field("dist", DataTypes.DoubleType, false),
        field("scale", DataTypes.DoubleType, false),
        field("rel", DataTypes.DoubleType, false),
        field("loss", DataTypes.DoubleType, false),
        field("accuracy", DataTypes.DoubleType, true),
    });

    /**
     * The trajectory columns whose values rarely repeat: Parquet's dictionary encoding is tried and abandoned on
     * every page of them (a third of a chunk's trajectory write went to hashing their doubles), so it is off.
     */
    public static final List<String> TRAJECTORY_MEASURES = List.of("d_in", "d_out", "dist", "scale", "rel", "loss");

    private RunsTable() {
    }

    /** The run's checkpoints as rows of the {@code trajectories} table, in step order. */
    public static Iterator<Row> trajectoryRows(RunResult r) {
        String id = r.spec().runId();
        List<Row> rows = new ArrayList<>(r.checkpoints().size());
        for (tiebreak.core.tie.Checkpoint c : r.checkpoints()) {
            rows.add(RowFactory.create(id, c.step(), c.dIn(), c.dOut(), c.dist(), c.scale(), c.rel(), c.loss(),
                    Double.isNaN(c.accuracy()) ? null : c.accuracy()));
        }
        return rows.iterator();
    }

    public static Row toRow(RunResult r) {
        RunSpec s = r.spec();
        boolean measured = r.outcome() != Outcome.FAILED;
        List<Object> values = new ArrayList<>(SCHEMA.size());
        values.add(s.runId());
        values.add(s.sweep());
        values.add(s.task().name());
        values.add(s.task().params());
        values.add(s.initSeed());
        values.add(s.dataSeed());
        values.add(scalaInts(s.widths()));
        values.add(s.activation().label());
        values.add(s.init().label());
        values.add(s.tieLayer());
        values.add(scalaInts(s.tieUnits()));
        values.add(s.tieMode().label());
        values.add(s.epsilon());
        values.add(s.steps());
        values.add(s.lr());
        values.add(s.delta());
        values.add(s.checkpoints());
        Training t = s.training();
        values.add(s.variant());
        values.add(t.optimizer().label());
        values.add(t.batchSize());
        values.add(t.weightDecay());
        values.add(t.dropout());
        values.add(t.gradNoise());
        values.add(t.lrJitter());
        values.add(t.updateOrder().label());
        values.add(t.gradient().label());
        values.add(t.fdStep());
        values.add(t.precision().label());
        values.add(t.labelNoise());
        values.add(t.inputNoise());
        values.add(r.outcome().label());
        values.add(measured ? r.distStart() : null);
        values.add(measured ? r.distEnd() : null);
        values.add(measured ? r.relEnd() : null);
        values.add(r.divergeStep());
        values.add(r.growthRate());
        values.add(measured ? r.finalLoss() : null);
        values.add(r.finalAccuracy());
        values.add(r.wallMs());
        values.add(r.error());
        return RowFactory.create(values.toArray());
    }

    /** Rows of array columns hold Scala sequences. */
    private static scala.collection.immutable.Seq<Integer> scalaInts(List<Integer> values) {
        return scala.jdk.javaapi.CollectionConverters.asScala(values).toList();
    }

    private static StructField field(String name, org.apache.spark.sql.types.DataType type, boolean nullable) {
        return DataTypes.createStructField(name, type, nullable);
    }
}
