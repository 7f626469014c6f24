package tiebreak.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tiebreak.core.net.Activation;
import tiebreak.core.net.InitScheme;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.TaskSpec;
import tiebreak.core.spec.TieMode;
import tiebreak.core.tie.Outcome;
import tiebreak.core.tie.RunResult;

/** The summary SQL on a hand-made runs table, against values computed by hand. */
class SummarySqlTest {

    static RunSpec spec(long seed, double epsilon, double lr) {
        return new RunSpec("hand", TaskSpec.teacher(4, 2, 16, 0), 0, seed, List.of(4, 3, 1), Activation.TANH,
                InitScheme.LECUN_NORMAL, 1, List.of(0, 1), TieMode.IN_OUT, epsilon, 100, lr, 1e-3, 8);
    }

    static RunResult result(RunSpec spec, Outcome outcome, Integer divergeStep, Double growth, double loss) {
        return new RunResult(spec, outcome, spec.epsilon(), outcome == Outcome.TIED ? 0 : 0.5, 0.1, divergeStep, growth,
                loss, null, 1, null, List.of(), null);
    }

    @Test
    void fractionsWilsonBoundsQuantilesAndTheEpsilonFit() {
        List<Row> rows = new ArrayList<>();
        // Condition A (lr 0.05, epsilon 0): 7 tied, 3 diverged at steps 10, 20, 30.
        for (int s = 0; s < 10; s++) {
            boolean diverged = s >= 7;
            rows.add(RunsTable.toRow(result(spec(s, 0, 0.05), diverged ? Outcome.DIVERGED : Outcome.TIED,
                    diverged ? 10 * (s - 6) : null, diverged ? 0.1 * (s - 6) : null, 0.5 + s)));
        }
        // Condition B (lr 0.1): epsilon 1e-3, 1e-6, 1e-9; diverge step = round(5 + 100 ln(1/epsilon)).
        for (double epsilon : new double[] {1e-3, 1e-6, 1e-9}) {
            for (int s = 0; s < 2; s++) {
                int step = (int) Math.round(5 + 100 * Math.log(1 / epsilon));
                rows.add(RunsTable.toRow(result(spec(s, epsilon, 0.1), Outcome.DIVERGED, step, 0.01, 1.0)));
            }
        }
        // predicted growth for two of A's diverged runs: ratios 0.1/0.125 = 0.8 and 0.2/0.2 = 1.0, median 0.9
        int predicted = RunsTable.SCHEMA.fieldIndex("predicted_growth");
        rows.set(7, with(rows.get(7), predicted, 0.125));
        rows.set(8, with(rows.get(8), predicted, 0.2));
        SparkSession spark = SharedSpark.session();
        spark.createDataFrame(rows, RunsTable.SCHEMA).createOrReplaceTempView("runs");
        List<Row> summary = SummaryTable.compute(spark).collectAsList();
        assertEquals(4, summary.size());

        Row a = summary.stream().filter(r -> r.<Double>getAs("lr") == 0.05).findFirst().orElseThrow();
        assertEquals(10L, a.<Long>getAs("n"));
        assertEquals(0.7, a.<Double>getAs("frac_tied"), 1e-15);
        assertEquals(0.3, a.<Double>getAs("frac_diverged"), 1e-15);
        // Wilson, z = 1.959963984540054: 7 of 10 -> [0.396778147, 0.892208733]; 3 of 10 -> [0.107791267, 0.603221853]
        assertEquals(0.39677814746114537, a.<Double>getAs("tied_ci_low"), 1e-12);
        assertEquals(0.8922087325936989, a.<Double>getAs("tied_ci_high"), 1e-12);
        assertEquals(0.10779126740630099, a.<Double>getAs("diverged_ci_low"), 1e-12);
        assertEquals(0.6032218525388546, a.<Double>getAs("diverged_ci_high"), 1e-12);
        assertEquals(20.0, a.<Double>getAs("median_diverge_step"), 0.0);
        assertEquals(10, a.<Integer>getAs("diverge_step_p25"));
        assertEquals(30, a.<Integer>getAs("diverge_step_p75"));
        assertEquals(0.2, a.<Double>getAs("median_growth_rate"), 1e-12);
        assertEquals(5.0, a.<Double>getAs("mean_final_loss"), 1e-12); // mean of 0.5 .. 9.5
        assertNull(a.getAs("eps_fit_slope"), "epsilon does not vary for A");
        assertEquals(0.9, a.<Double>getAs("median_growth_over_predicted"), 1e-12);

        for (Row b : summary) {
            if (b.<Double>getAs("lr") == 0.1) {
                assertEquals(1.0, b.<Double>getAs("frac_diverged"), 0.0);
                assertNull(b.getAs("median_growth_over_predicted"), "no predicted growth in B");
                assertEquals(0.0, b.<Double>getAs("tied_ci_low"), 0.0);
                assertEquals(100.0, b.<Double>getAs("eps_fit_slope"), 0.1);
                assertEquals(5.0, b.<Double>getAs("eps_fit_intercept"), 2.0);
                assertTrue(b.<Double>getAs("eps_fit_r2") > 0.99999);
                assertEquals(6L, b.<Long>getAs("eps_fit_n"));
            }
        }
    }

    /**
     * An older file's null in a column added since reads as the value its runs had; a written value stays.
     * The rows go through Parquet and back with the table's schema, as a folder's files do (a file source
     * reads every column as nullable; a local DataFrame would hold the schema's non-null and read 0 instead).
     */
    @Test
    void columnsAddedLaterReadAsTheirOldValue(@TempDir Path dir) {
        Row written = RunsTable.toRow(result(spec(0, 0, 0.05), Outcome.TIED, null, null, 1));
        Row older = written;
        for (String later : RunsTable.ADDED_LATER.keySet()) {
            older = with(older, RunsTable.SCHEMA.fieldIndex(later), null);
        }
        List<StructField> nullable = new ArrayList<>();
        for (StructField f : RunsTable.SCHEMA.fields()) {
            nullable.add(new StructField(f.name(), f.dataType(), true, f.metadata()));
        }
        SparkSession spark = SharedSpark.session();
        spark.createDataFrame(List.of(written, older), new StructType(nullable.toArray(StructField[]::new)))
                .coalesce(1).write().parquet(dir.resolve("runs").toString());
        Dataset<Row> runs = spark.read().schema(RunsTable.SCHEMA).parquet(dir.resolve("runs").toString());
        List<Row> filled = RunsTable.withAddedLater(runs).collectAsList();
        for (var later : RunsTable.ADDED_LATER.entrySet()) {
            for (Row r : filled) {
                assertEquals(later.getValue(), r.getAs(later.getKey()), later.getKey());
            }
        }
        SummaryTable.summarised(runs).createOrReplaceTempView("runs_added_later");
        long conditions = spark.sql("SELECT count(DISTINCT " + String.join(", ", RunsTable.ADDED_LATER.keySet())
                + ") FROM runs_added_later").first().getLong(0);
        assertEquals(1L, conditions, "the older run and the newer one share one condition");
    }

    private static Row with(Row row, int column, Object value) {
        Object[] values = new Object[row.length()];
        for (int c = 0; c < values.length; c++) {
            values[c] = c == column ? value : row.get(c);
        }
        return org.apache.spark.sql.RowFactory.create(values);
    }

    @Test
    void withoutTheFitTheSameSummaryWhereFewerThanTwoEpsilonsArePositive() {
        List<Row> rows = new ArrayList<>();
        for (double epsilon : new double[] {0, 1e-6}) {
            for (int s = 0; s < 6; s++) {
                boolean diverged = s % 2 == 0;
                rows.add(RunsTable.toRow(result(spec(s, epsilon, 0.05 * (1 + s % 3)), diverged ? Outcome.DIVERGED
                        : Outcome.TIED, diverged ? 10 + s : null, diverged ? 0.01 * s : null, 0.25 * s)));
            }
        }
        SparkSession spark = SharedSpark.session();
        spark.createDataFrame(rows, RunsTable.SCHEMA).createOrReplaceTempView("runs");
        org.apache.spark.sql.Dataset<Row> fitted = spark.sql(SummaryTable.sql(true));
        org.apache.spark.sql.Dataset<Row> unfitted = spark.sql(SummaryTable.sql(false));
        assertEquals(fitted.schema(), unfitted.schema());
        List<Row> expected = fitted.collectAsList();
        assertEquals(6, expected.size());
        assertEquals(expected, unfitted.collectAsList());
        assertTrue(expected.stream().allMatch(r -> r.isNullAt(r.fieldIndex("eps_fit_slope"))));

        // with two epsilons > 0 the fit is there, and sql(false) would drop it: the caller must not ask for that
        rows.clear();
        for (double epsilon : new double[] {1e-3, 1e-6}) {
            rows.add(RunsTable.toRow(result(spec(0, epsilon, 0.1), Outcome.DIVERGED, (int) (100 * Math.log(1 / epsilon)),
                    0.01, 1.0)));
        }
        spark.createDataFrame(rows, RunsTable.SCHEMA).createOrReplaceTempView("runs");
        assertEquals(2L, spark.sql(SummaryTable.sql(true)).first().<Long>getAs("eps_fit_n"));
        Row unfit = spark.sql(SummaryTable.sql(false)).first();
        assertTrue(unfit.isNullAt(unfit.fieldIndex("eps_fit_n")));
    }

    @Test
    void theCountFindsARepeatedRunWhereverItsTwinLies() {
        List<Row> rows = new ArrayList<>();
        for (int s = 0; s < 40; s++) {
            rows.add(RunsTable.toRow(result(spec(s, 0, 0.05), Outcome.TIED, null, null, 0.5)));
        }
        SparkSession spark = SharedSpark.session();
        // eight partitions, so that the run and its twin are in different ones until they are ordered
        SummaryTable.Counts clean = SummaryTable.count(spark.createDataFrame(rows, RunsTable.SCHEMA).repartition(8));
        assertEquals(new SummaryTable.Counts(40, 40), clean);
        rows.add(rows.get(3));
        rows.add(0, rows.get(27));
        rows.add(rows.get(27));
        SummaryTable.Counts twice = SummaryTable.count(spark.createDataFrame(rows, RunsTable.SCHEMA).repartition(8));
        assertEquals(new SummaryTable.Counts(43, 40), twice);
    }

    @Test
    void theFitIsAskedForOnlyWithTwoEpsilonsAboveZero() {
        assertTrue(SummaryTable.fitsEpsilon(java.util.stream.DoubleStream.of(1e-3, 1e-6)));
        assertTrue(SummaryTable.fitsEpsilon(java.util.stream.DoubleStream.of(0, 1e-6, 0, 1e-9, 1e-6)));
        assertFalse(SummaryTable.fitsEpsilon(java.util.stream.DoubleStream.of(0, 1e-6, 1e-6, 0)));
        assertFalse(SummaryTable.fitsEpsilon(java.util.stream.DoubleStream.of(0, 0)));
        assertFalse(SummaryTable.fitsEpsilon(java.util.stream.DoubleStream.empty()));
    }
}
