package tiebreak.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tiebreak.spark.ReadOnlySql;
import tiebreak.spark.ResultFolder;
import tiebreak.spark.Sessions;

/**
 * {@code query DIR ["SQL"]}: one query over the views {@code runs}, {@code summary} (and {@code trajectories}
 * where present) of a result folder, in a session that can do nothing else ({@link ReadOnlySql}); without
 * SQL, lists the views and their columns.
 */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Runs a read-only Spark SQL query over the views runs, summary (and trajectories) of a result "
                + "folder and prints the result; without SQL, lists the views and their columns.")
public final class QueryCommand implements Callable<Integer> {
    private static final List<String> VIEWS = List.of("runs", "summary", "trajectories");

    @Parameters(index = "0", paramLabel = "DIR", description = "A sweep's result folder.")
    String dir;

    @Parameters(index = "1", paramLabel = "SQL", arity = "0..1", description = "The query, e.g. \"SELECT outcome, "
            + "count(*) FROM runs GROUP BY outcome\".")
    String sql;

    /** How the rows are printed. */
    enum Format { table, csv, json }

    /** A --format other than the three: one line, with the choices. */
    static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            try {
                return Format.valueOf(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("expected table, csv or json, got '" + value + "'");
            }
        }
    }

    @Option(names = "--format", paramLabel = "F", defaultValue = "table", converter = FormatConverter.class,
            description = "table (aligned), csv or json (one object per line). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000",
            description = "Print at most N rows (a note says when there were more). Default: ${DEFAULT-VALUE}.")
    int limit;

    @CommandLine.Mixin
    MasterOption master;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The views found in the folder, each with its fully qualified folder. */
    private record Views(List<String> names, List<String> folders) {
    }

    @Override
    public Integer call() {
        checkArguments();
        SparkSession spark = ReadOnlySql.session(Sessions.create(master.master, "tiebreak query"));
        Views views = findViews(spark);
        if (sql != null) {
            Optional<String> refusal = ReadOnlySql.refusal(spark, sql, new java.util.HashSet<>(views.names()));
            if (refusal.isPresent()) {
                throw new BadInput(refusal.get());   // before a file is opened
            }
        }
        for (int v = 0; v < views.names().size(); v++) {
            spark.read().parquet(views.folders().get(v)).createOrReplaceTempView(views.names().get(v));
        }
        if (sql == null) {
            listViews(spark, views);
        } else {
            print(analysed(spark, views));
        }
        return 0;
    }

    private void checkArguments() {
        if (limit < 1) {
            throw new BadInput("--limit: expected a count >= 1, got " + limit);
        }
        java.nio.file.Path local = java.nio.file.Path.of(dir);
        if (!dir.contains("://") && !java.nio.file.Files.isDirectory(local.resolve(ResultFolder.RUNS))) {
            throw new BadInput(dir + ": no runs table here (expected " + local.resolve(ResultFolder.RUNS) + ")");
        }
    }

    private Views findViews(SparkSession spark) {
        List<String> names = new ArrayList<>();
        List<String> folders = new ArrayList<>();
        for (String view : VIEWS) {
            Optional<String> folder = qualified(spark, dir + "/" + view);
            if (folder.isPresent()) {
                names.add(view);
                folders.add(folder.get());
            }
        }
        return new Views(names, folders);
    }

    private void listViews(SparkSession spark, Views views) {
        PrintWriter out = spec.commandLine().getOut();
        for (String view : views.names()) {
            out.println(view + " (" + dir + "/" + view + ")");
            for (StructField field : spark.table(view).schema().fields()) {
                out.printf(Locale.ROOT, "  %-22s %s%n", field.name(), field.dataType().simpleString());
            }
        }
        out.flush();
    }

    /** The query analysed, and checked to read nothing but the views' files. */
    private Dataset<Row> analysed(SparkSession spark, Views views) {
        Dataset<Row> result;
        try {
            result = spark.sql(sql);   // a query: analysed here, run by print
        } catch (Exception e) {        // AnalysisException (an unknown column, a wrong type) is checked to javac
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new BadInput(message.lines().findFirst().orElse("invalid query"));
        }
        Optional<String> outside = ReadOnlySql.analysedRefusal(result, views.folders());
        if (outside.isPresent()) {
            throw new BadInput(outside.get());
        }
        return result;
    }

    /** Runs the query once, whichever the format (rand() and now() would differ between two), and prints it. */
    private void print(Dataset<Row> result) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> columns = List.of(result.columns());
        List<?> rows = format == Format.json ? result.limit(limit + 1).toJSON().collectAsList()
                : result.limit(limit + 1).collectAsList();
        List<?> shown = rows.subList(0, Math.min(limit, rows.size()));
        switch (format) {
            case csv -> {
                out.println(String.join(",", columns));
                shown.forEach(r -> out.println(csv((Row) r)));
            }
            case json -> shown.forEach(out::println);
            case table -> {
                TablePrinter table = new TablePrinter(columns);
                for (Row r : shown.stream().map(Row.class::cast).toList()) {
                    List<String> cells = new ArrayList<>();
                    for (int c = 0; c < columns.size(); c++) {
                        cells.add(SummaryPrinter.show(r.get(c)));
                    }
                    table.add(cells);
                }
                out.print(table.render());
            }
        }
        if (rows.size() > limit) {
            err.println("query: showing the first " + limit + " rows; --limit raises it");
        }
        out.flush();
        err.flush();
    }

    private static String csv(Row r) {
        List<String> cells = new ArrayList<>();
        for (int c = 0; c < r.length(); c++) {
            String cell = SummaryPrinter.show(r.get(c));
            cell = r.isNullAt(c) ? "" : cell;
            cells.add(cell.contains(",") || cell.contains("\"") ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell);
        }
        return String.join(",", cells);
    }

    /** The folder's fully qualified name (as Spark names the files it reads), if it exists. */
    private static Optional<String> qualified(SparkSession spark, String path) {
        try {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
            org.apache.hadoop.fs.FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            return fs.exists(p) ? Optional.of(fs.makeQualified(p).toString()) : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

}
