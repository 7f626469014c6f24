package tiebreak.spark;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;

/**
 * Decides whether a SQL statement only reads: it must parse to a query plan (no command: no CREATE, DROP,
 * INSERT, ALTER, SET, CACHE, ...), and no node of the plan may write. Checked on the parsed plan, before
 * anything runs.
 */
public final class ReadOnlySql {
    private static final Pattern WRITES = Pattern.compile(
            ".*(Insert|Create|Drop|Alter|Delete|Update|Merge|Truncate|Write|Overwrite|Cache|Refresh|Repair|Load|"
                    + "Set|Reset|Add|Comment|Rename|Replace|Analyze|Use).*");

    private ReadOnlySql() {
    }

    /** Empty if the statement only reads, else why not. */
    public static Optional<String> refusal(SparkSession spark, String sql) {
        LogicalPlan plan;
        try {
            plan = spark.sessionState().sqlParser().parsePlan(sql);
        } catch (Exception e) { // Scala's ParseException is checked to javac
            String message = e.getMessage() == null ? "" : e.getMessage().strip();
            return Optional.of("not valid SQL: " + message.lines().findFirst().orElse("parse error"));
        }
        if (plan instanceof Command) {
            return Optional.of("only queries are allowed; this is a " + name(plan) + " statement");
        }
        Optional<LogicalPlan> writer = find(plan);
        return writer.map(node -> "only queries are allowed; the statement writes (" + name(node) + ")");
    }

    private static Optional<LogicalPlan> find(LogicalPlan plan) {
        if (plan instanceof Command || WRITES.matcher(plan.getClass().getSimpleName()).matches()) {
            return Optional.of(plan);
        }
        scala.collection.Iterator<LogicalPlan> children = plan.children().iterator();
        while (children.hasNext()) {
            Optional<LogicalPlan> found = find(children.next());
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static String name(LogicalPlan plan) {
        return plan.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }
}
