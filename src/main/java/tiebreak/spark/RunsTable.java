package tiebreak.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import tiebreak.core.net.Activation;
import tiebreak.core.net.InitScheme;
import tiebreak.core.spec.Keys;
import tiebreak.core.spec.OptimizerSpec;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.TaskSpec;
import tiebreak.core.spec.TieMode;
import tiebreak.core.spec.Training;
import tiebreak.core.tie.Checkpoint;
import tiebreak.core.tie.Duplication;
import tiebreak.core.tie.Outcome;
import tiebreak.core.tie.RunResult;

/**
 * The {@code runs} and {@code trajectories} tables: their explicit schemas, a run's rows and the spec read back
 * from its row. Each column is named once, in {@link #COLUMNS} (a run's settings by {@link Keys}), and the
 * readers use these names. Documented in the README.
 */
public final class RunsTable {
    public static final String OUTCOME = "outcome";
    public static final String STEP = "step";

    private static final DataType STRING = DataTypes.StringType;
    private static final DataType INT = DataTypes.IntegerType;
    private static final DataType LONG = DataTypes.LongType;
    private static final DataType DOUBLE = DataTypes.DoubleType;
    private static final DataType BOOLEAN = DataTypes.BooleanType;
    private static final DataType INTS = DataTypes.createArrayType(DataTypes.IntegerType, false);

    /**
     * A column of the runs table: its name, type and nullability, whether it describes the condition (everything
     * in a spec but the init seed, which the summary groups by), and its value in a run's row.
     */
    private record Column(String name, DataType type, boolean nullable, boolean condition,
            Function<RunResult, Object> value) {
    }

    /** The runs table's columns, in table order; the run id first ({@link #toRow} fills it in itself). */
    private static final List<Column> COLUMNS = List.of(
            column(Keys.RUN_ID, STRING, null),      // hashed once per result by the caller of toRow
            condition(Keys.SWEEP, STRING, RunSpec::sweep),
            condition(Keys.TASK, STRING, s -> s.task().name()),
            condition(Keys.TASK_PARAMS, STRING, s -> s.task().params()),
            column(Keys.INIT_SEED, LONG, r -> r.spec().initSeed()),
            condition(Keys.DATA_SEED, LONG, RunSpec::dataSeed),
            condition(Keys.WIDTHS, INTS, s -> scalaInts(s.widths())),
            condition(Keys.ACTIVATION, STRING, s -> s.activation().label()),
            condition(Keys.INIT, STRING, s -> s.init().label()),
            condition(Keys.TIE_LAYER, INT, RunSpec::tieLayer),
            condition(Keys.TIE_UNITS, INTS, s -> scalaInts(s.tieUnits())),
            condition(Keys.TIE_MODE, STRING, s -> s.tieMode().label()),
            condition(Keys.EPSILON, DOUBLE, RunSpec::epsilon),
            condition(Keys.STEPS, INT, RunSpec::steps),
            condition(Keys.LR, DOUBLE, RunSpec::lr),
            condition(Keys.DELTA, DOUBLE, RunSpec::delta),
            condition(Keys.CHECKPOINTS, INT, RunSpec::checkpoints),
            condition(Keys.VARIANT, STRING, RunSpec::variant),
            condition(Keys.OPTIMIZER, STRING, s -> s.training().optimizer().label()),
            condition(Keys.BATCH_SIZE, INT, s -> s.training().batchSize()),
            condition(Keys.WEIGHT_DECAY, DOUBLE, s -> s.training().weightDecay()),
            condition(Keys.DROPOUT, DOUBLE, s -> s.training().dropout()),
            condition(Keys.GRAD_NOISE, DOUBLE, s -> s.training().gradNoise()),
            condition(Keys.LR_JITTER, DOUBLE, s -> s.training().lrJitter()),
            condition(Keys.UPDATE_ORDER, STRING, s -> s.training().updateOrder().label()),
            condition(Keys.GRADIENT, STRING, s -> s.training().gradient().label()),
            condition(Keys.FD_STEP, DOUBLE, s -> s.training().fdStep()),
            condition(Keys.PRECISION, STRING, s -> s.training().precision().label()),
            condition(Keys.LABEL_NOISE, DOUBLE, s -> s.training().labelNoise()),
            condition(Keys.INPUT_NOISE, DOUBLE, s -> s.training().inputNoise()),
            condition(Keys.SPLIT_HESSIAN, BOOLEAN, s -> s.training().splitHessian()),
            condition(Keys.DUPLICATE_AFTER, INT, s -> s.training().duplicateAfter()),
            condition(Keys.DUPLICATE_RATIO, DOUBLE, s -> s.training().duplicateRatio()),
            column(OUTCOME, STRING, r -> r.outcome().label()),
            nullable("dist_start", DOUBLE, r -> measured(r) ? r.distStart() : null),
            nullable("dist_end", DOUBLE, r -> measured(r) ? r.distEnd() : null),
            nullable("rel_end", DOUBLE, r -> measured(r) ? r.relEnd() : null),
            nullable("diverge_step", INT, RunResult::divergeStep),
            nullable("growth_rate", DOUBLE, RunResult::growthRate),
            nullable("predicted_growth", DOUBLE, RunResult::predictedGrowth),
            nullable("narrow_loss", DOUBLE, r -> duplicated(r, Duplication::narrowLoss)),
            nullable("narrow_grad_norm", DOUBLE, r -> duplicated(r, Duplication::gradientNorm)),
            nullable("curvature_min", DOUBLE, r -> duplicated(r, Duplication::curvatureMin)),
            nullable("curvature_max", DOUBLE, r -> duplicated(r, Duplication::curvatureMax)),
            nullable("predicted_split", STRING, r -> r.duplication() == null ? null
                    : r.duplication().predictedSplit(r.spec().training().duplicateRatio())),
            nullable("hessian_min", DOUBLE, r -> duplicated(r, Duplication::hessianMin)),
            nullable("predicted_log_change", DOUBLE, r -> duplicated(r, Duplication::predictedChange)),
            nullable("final_loss", DOUBLE, r -> measured(r) ? r.finalLoss() : null),
            nullable("final_accuracy", DOUBLE, RunResult::finalAccuracy),
            column("wall_ms", LONG, RunResult::wallMs),
            nullable("error", STRING, RunResult::error));

    public static final StructType SCHEMA = new StructType(COLUMNS.stream()
            .map(c -> DataTypes.createStructField(c.name(), c.type(), c.nullable())).toArray(StructField[]::new));

    /** The columns that describe a condition (everything in a spec but the init seed); the summary groups by them. */
    public static final List<String> CONDITION_COLUMNS = COLUMNS.stream().filter(Column::condition).map(Column::name)
            .toList();

    /** The measures the summary reads, besides the run id and the condition. */
    public static final List<String> SUMMARISED_MEASURES = List.of(OUTCOME, "diverge_step", "growth_rate",
            "predicted_growth", "final_loss", "final_accuracy");

    /**
     * The runs columns whose values rarely repeat (the run id and seed, the measures): written without Parquet's
     * dictionary encoding, which would be tried and abandoned on every page of them (the trajectories' measures,
     * below, likewise).
     */
    public static final List<String> RUN_MEASURES = List.of(Keys.RUN_ID, Keys.INIT_SEED, "dist_start", "dist_end",
            "rel_end", "growth_rate", "predicted_growth", "narrow_loss", "narrow_grad_norm", "curvature_min",
            "curvature_max", "hessian_min", "predicted_log_change", "final_loss");

    /**
     * The trajectory columns whose values rarely repeat: Parquet's dictionary encoding is tried and abandoned on
     * every page of them (a third of a chunk's trajectory write went to hashing their doubles), so it is off.
     */
    public static final List<String> TRAJECTORY_MEASURES = List.of("d_in", "d_out", "dist", "scale", "rel", "loss");

    /**
     * The trajectory columns of the split-direction Hessian (docs/split-hessian.md): its three smallest
     * eigenvalues, the smallest with weight decay, and the predicted per-step log-growth over the gaps after
     * and before the checkpoint; null where not measured.
     */
    public static final List<String> SPLIT_HESSIAN_MEASURES = List.of("mu_min", "mu_2", "mu_3", "mu_min_decay",
            "split_rate", "split_rate_before");

    /**
     * One checkpoint of one run: the {@code trajectories} table, the run id, the step, the measures (in the order
     * of {@link #trajectoryRows}), the accuracy (null for regression) and the split-Hessian measures.
     */
    public static final StructType TRAJECTORY_SCHEMA = trajectorySchema();

    static {
        if (!COLUMNS.get(0).name().equals(Keys.RUN_ID) || COLUMNS.get(0).value() != null) {
            throw new IllegalStateException("toRow(result, runId) fills in column 0 itself: it must be the run id, with no value");
        }
    }

    private RunsTable() {
    }

    public static Row toRow(RunResult r) {
        return toRow(r, r.spec().runId());
    }

    /** The row of a result whose run id (a SHA-256 of its spec) the caller has already computed. */
    static Row toRow(RunResult r, String runId) {
        Object[] values = new Object[COLUMNS.size()];
        values[0] = runId;
        for (int c = 1; c < values.length; c++) {
            values[c] = COLUMNS.get(c).value().apply(r);
        }
        return RowFactory.create(values);
    }

    /** The spec of a row of the runs table, the inverse of {@link #toRow}'s spec columns, checked against its run_id. */
    public static RunSpec fromRow(Row r) {
        TaskSpec task = TaskSpec.fromParams(TaskSpec.Kind.parse(r.getAs(Keys.TASK)), r.getAs(Keys.TASK_PARAMS));
        Training training = new Training(OptimizerSpec.parse(r.getAs(Keys.OPTIMIZER)), r.getAs(Keys.BATCH_SIZE),
                r.getAs(Keys.WEIGHT_DECAY), r.getAs(Keys.DROPOUT), r.getAs(Keys.GRAD_NOISE), r.getAs(Keys.LR_JITTER),
                Training.UpdateOrder.parse(r.getAs(Keys.UPDATE_ORDER)), Training.Gradient.parse(r.getAs(Keys.GRADIENT)),
                r.getAs(Keys.FD_STEP), Training.Precision.parse(r.getAs(Keys.PRECISION)), r.getAs(Keys.LABEL_NOISE),
                r.getAs(Keys.INPUT_NOISE), (Boolean) orDefault(r, Keys.SPLIT_HESSIAN),
                (Integer) orDefault(r, Keys.DUPLICATE_AFTER), (Double) orDefault(r, Keys.DUPLICATE_RATIO));
        RunSpec spec = new RunSpec(r.getAs(Keys.SWEEP), task, r.getAs(Keys.DATA_SEED), r.getAs(Keys.INIT_SEED),
                javaInts(r, Keys.WIDTHS), Activation.parse(r.getAs(Keys.ACTIVATION)), InitScheme.parse(r.getAs(Keys.INIT)),
                r.getAs(Keys.TIE_LAYER), javaInts(r, Keys.TIE_UNITS), TieMode.parse(r.getAs(Keys.TIE_MODE)),
                r.getAs(Keys.EPSILON), r.getAs(Keys.STEPS), r.getAs(Keys.LR), r.getAs(Keys.DELTA),
                r.getAs(Keys.CHECKPOINTS), training, r.getAs(Keys.VARIANT));
        if (!spec.runId().equals(r.getAs(Keys.RUN_ID))) {
            throw new IllegalStateException("the row of run " + r.getAs(Keys.RUN_ID) + " rebuilds to another spec ("
                    + spec.runId() + ")");
        }
        return spec;
    }

    /**
     * The condition columns added after folders had been written, with the value every run of such a folder
     * had: a folder begun before them and resumed since reads them as null in its older files.
     */
    public static final java.util.Map<String, Object> ADDED_LATER = java.util.Map.of(Keys.SPLIT_HESSIAN, false,
            Keys.DUPLICATE_AFTER, 0, Keys.DUPLICATE_RATIO, Training.DEFAULT_DUPLICATE_RATIO);

    /** The runs with each {@link #ADDED_LATER} column's null (an older file's) read as the value its runs had. */
    public static Dataset<Row> withAddedLater(Dataset<Row> runs) {
        for (java.util.Map.Entry<String, Object> later : ADDED_LATER.entrySet()) {
            runs = runs.withColumn(later.getKey(), functions.coalesce(functions.col(later.getKey()),
                    functions.lit(later.getValue())));
        }
        return runs;
    }

    /** Column {@code key} of the row, or its {@link #ADDED_LATER} value where the row lacks it or holds null. */
    private static Object orDefault(Row r, String key) {
        int at = r.schema() == null ? -1 : java.util.Arrays.asList(r.schema().fieldNames()).indexOf(key);
        return at < 0 || r.isNullAt(at) ? ADDED_LATER.get(key) : r.get(at);
    }

    /** A measure of the run's duplicated start, null for any other start or where the measure is not finite. */
    private static Double duplicated(RunResult r, java.util.function.ToDoubleFunction<Duplication> measure) {
        if (r.duplication() == null) {
            return null;
        }
        double value = measure.applyAsDouble(r.duplication());
        return Double.isFinite(value) ? value : null;
    }

    /** The run's checkpoints as rows of the {@code trajectories} table, in step order. */
    public static Iterator<Row> trajectoryRows(RunResult r) {
        return trajectoryRows(r, r.spec().runId());
    }

    /** The trajectory rows of a result whose run id the caller has already computed. */
    static Iterator<Row> trajectoryRows(RunResult r, String id) {
        List<Row> rows = new ArrayList<>(r.checkpoints().size());
        for (Checkpoint c : r.checkpoints()) {
            rows.add(RowFactory.create(id, c.step(), c.dIn(), c.dOut(), c.dist(), c.scale(), c.rel(), c.loss(),
                    orNull(c.accuracy()), orNull(c.muMin()), orNull(c.mu2()), orNull(c.mu3()), orNull(c.muMinDecay()),
                    orNull(c.splitRate()), orNull(c.splitRateBefore())));
        }
        return rows.iterator();
    }

    private static StructType trajectorySchema() {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField(Keys.RUN_ID, STRING, false));
        fields.add(DataTypes.createStructField(STEP, INT, false));
        for (String measure : TRAJECTORY_MEASURES) {
            fields.add(DataTypes.createStructField(measure, DOUBLE, false));
        }
        fields.add(DataTypes.createStructField("accuracy", DOUBLE, true));
        for (String measure : SPLIT_HESSIAN_MEASURES) {
            fields.add(DataTypes.createStructField(measure, DOUBLE, true));
        }
        return new StructType(fields.toArray(StructField[]::new));
    }

    /** NaN (not measured) as null. */
    private static Double orNull(double value) {
        return Double.isNaN(value) ? null : value;
    }

    private static boolean measured(RunResult r) {
        return r.outcome() != Outcome.FAILED;
    }

    private static Column column(String name, DataType type, Function<RunResult, Object> value) {
        return new Column(name, type, false, false, value);
    }

    private static Column nullable(String name, DataType type, Function<RunResult, Object> value) {
        return new Column(name, type, true, false, value);
    }

    private static Column condition(String name, DataType type, Function<RunSpec, Object> value) {
        return new Column(name, type, false, true, r -> value.apply(r.spec()));
    }

    /** Rows of array columns hold Scala sequences. */
    private static scala.collection.immutable.Seq<Integer> scalaInts(List<Integer> values) {
        return scala.jdk.javaapi.CollectionConverters.asScala(values).toList();
    }

    private static List<Integer> javaInts(Row r, String column) {
        return scala.jdk.javaapi.CollectionConverters.asJava(r.<scala.collection.Seq<Integer>>getAs(column));
    }
}
