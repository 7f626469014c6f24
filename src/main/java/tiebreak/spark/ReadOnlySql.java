package tiebreak.spark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.analysis.UnresolvedGenerator;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTableValuedFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedWith;
import org.apache.spark.sql.catalyst.plans.logical.WithWindowDefinition;

/**
 * What {@code query} may run: one query over the result views, by allow-list. Nothing that is not listed
 * here is accepted, whatever new statement or function Spark grows.
 * <ul>
 * <li>The statement parses to a plan made only of the query nodes in {@link #PLAN_NODES} (projection,
 *     filter, join, aggregate, sort, limit, set operations, CTEs, subqueries, VALUES, LATERAL VIEW, PIVOT,
 *     ...): no command, no {@code EXECUTE IMMEDIATE}, no {@code TRANSFORM ... USING}, no hint, no
 *     {@code IDENTIFIER(...)}, no time travel.</li>
 * <li>A table is one of the views or a name the query's own {@code WITH} defines, by a one-part name
 *     without options: no file paths ({@code parquet.`/x`}), no catalog tables.</li>
 * <li>Every function it calls is on {@code tiebreak/query-functions.txt}; table functions are
 *     {@link #TABLE_FUNCTIONS}. Expressions are the parser's own (operators, literals, CASE, CAST, ...)
 *     or the named unresolved forms in {@link #ANALYSIS_EXPRESSIONS}.</li>
 * </ul>
 * Behind that, the session the query runs in ({@link #session}) cannot do more: Spark's switches for
 * SQL on files, variable substitution ({@code ${env:...}}) and SQL scripting are off, and every function not
 * on the list is dropped from its registries, so that the analyzer itself cannot resolve one. Spark 4.2 has no
 * switch for script transforms, {@code EXECUTE IMMEDIATE} or {@code reflect}; those rest on the checks above.
 * Last, the analysed query may rest only on the views' file relations, VALUES, one row or a range, and read
 * no file outside the views' own folders.
 */
public final class ReadOnlySql {
    private static final String LOGICAL = "org.apache.spark.sql.catalyst.plans.logical.";
    private static final String ANALYSIS = "org.apache.spark.sql.catalyst.analysis.";
    private static final String EXPRESSIONS = "org.apache.spark.sql.catalyst.expressions";
    static final Set<String> PLAN_NODES = Set.of(
            LOGICAL + "Project", LOGICAL + "Filter", LOGICAL + "Aggregate", LOGICAL + "Sort", LOGICAL + "GlobalLimit",
            LOGICAL + "LocalLimit", LOGICAL + "Offset", LOGICAL + "Join", LOGICAL + "LateralJoin",
            LOGICAL + "SubqueryAlias", LOGICAL + "Union", LOGICAL + "Intersect", LOGICAL + "Except",
            LOGICAL + "Distinct", LOGICAL + "OneRowRelation", LOGICAL + "LocalRelation", LOGICAL + "UnresolvedWith",
            LOGICAL + "CTERelationDef", LOGICAL + "WithWindowDefinition", LOGICAL + "Generate", LOGICAL + "Pivot",
            LOGICAL + "Unpivot", LOGICAL + "Sample", LOGICAL + "RepartitionByExpression",
            ANALYSIS + "UnresolvedRelation", ANALYSIS + "UnresolvedTableValuedFunction", ANALYSIS + "UnresolvedHaving",
            ANALYSIS + "UnresolvedQualify", ANALYSIS + "UnresolvedInlineTable",
            ANALYSIS + "UnresolvedSubqueryColumnAliases", ANALYSIS + "UnresolvedTVFAliases", EXPRESSIONS + ".PipeOperator");
    static final Set<String> ANALYSIS_EXPRESSIONS = Set.of(
            ANALYSIS + "UnresolvedAttribute", ANALYSIS + "UnresolvedStar", ANALYSIS + "UnresolvedStarExceptOrReplace",
            ANALYSIS + "UnresolvedAlias", ANALYSIS + "UnresolvedFunction", ANALYSIS + "UnresolvedGenerator",
            ANALYSIS + "UnresolvedExtractValue", ANALYSIS + "UnresolvedOrdinal", ANALYSIS + "UnresolvedRegex",
            ANALYSIS + "MultiAlias");
    /** What an analysed query may rest on: the views' file relations, VALUES, one row, range, a WITH's name. */
    static final Set<String> ANALYSED_LEAVES = Set.of("org.apache.spark.sql.execution.datasources.LogicalRelation",
            LOGICAL + "LocalRelation", LOGICAL + "OneRowRelation", LOGICAL + "Range", LOGICAL + "CTERelationRef");
    static final Set<String> TABLE_FUNCTIONS = Set.of("range", "explode", "explode_outer", "inline", "inline_outer",
            "posexplode", "posexplode_outer", "stack", "json_tuple");
    public static final Set<String> FUNCTIONS = functions();
    /** Every built-in function's name, listed or not. */
    private static final Set<String> BUILT_IN = builtIn();

    private ReadOnlySql() {
    }

    /**
     * A session of its own for queries over {@code views}: the same SparkContext, its own views and settings,
     * the switches above off and only the allowed functions in its registries.
     */
    public static SparkSession session(SparkSession base) {
        SparkSession session = base.newSession();
        session.conf().set("spark.sql.runSQLOnFiles", "false");
        session.conf().set("spark.sql.variable.substitute", "false");
        session.conf().set("spark.sql.scripting.enabled", "false");
        var functions = session.sessionState().functionRegistry();
        for (FunctionIdentifier id : asJava(functions.listFunction())) {
            if (!FUNCTIONS.contains(id.funcName().toLowerCase(Locale.ROOT))) {
                functions.dropFunction(id);
            }
        }
        var tableFunctions = session.sessionState().tableFunctionRegistry();
        for (FunctionIdentifier id : asJava(tableFunctions.listFunction())) {
            if (!TABLE_FUNCTIONS.contains(id.funcName().toLowerCase(Locale.ROOT))) {
                tableFunctions.dropFunction(id);
            }
        }
        return session;
    }

    /** Empty if {@code sql} is a query that may run over these views, else why not (one line). */
    public static Optional<String> refusal(SparkSession spark, String sql, Set<String> views) {
        LogicalPlan plan;
        try {
            plan = spark.sessionState().sqlParser().parsePlan(sql);
        } catch (Exception e) { // Scala's ParseException is checked to javac
            String message = e.getMessage() == null ? "" : e.getMessage().strip();
            return Optional.of("not valid SQL: " + message.lines().findFirst().orElse("parse error"));
        }
        List<LogicalPlan> nodes = new ArrayList<>();
        List<Expression> expressions = new ArrayList<>();
        collect(plan, nodes, expressions);
        Set<String> names = new HashSet<>(views);
        for (LogicalPlan node : nodes) {
            if (node instanceof UnresolvedWith with) {
                asJava(with.cteRelations()).forEach(cte -> names.add(cte._1().toLowerCase(Locale.ROOT)));
            }
        }
        for (LogicalPlan node : nodes) {
            Optional<String> refused = check(node, names, views);
            if (refused.isPresent()) {
                return refused;
            }
        }
        for (Expression e : expressions) {
            Optional<String> refused = check(e);
            if (refused.isPresent()) {
                return refused;
            }
        }
        return Optional.empty();
    }

    /**
     * The analysed query's own check: every relation it reads is a file relation (the views), an inline
     * table, one row or a range, found also inside subqueries; and every file it reads is inside one of these
     * folders. Empty if so, else why not.
     */
    public static Optional<String> analysedRefusal(org.apache.spark.sql.Dataset<?> query, List<String> folders) {
        List<LogicalPlan> nodes = new ArrayList<>();
        collect(query.queryExecution().analyzed(), nodes, new ArrayList<>());
        for (LogicalPlan node : nodes) {
            if (node.children().isEmpty() && !ANALYSED_LEAVES.contains(node.getClass().getName())) {
                return Optional.of("the query reads " + node.nodeName() + ", not only the result folder's tables");
            }
        }
        List<String> inside = folders.stream().map(folder -> normal(folder) + "/").toList();
        for (String file : query.inputFiles()) {
            if (inside.stream().noneMatch(normal(file)::startsWith)) {
                return Optional.of("the query reads " + file + ", outside the result folder's tables");
            }
        }
        return Optional.empty();
    }

    /** file:/x, file:///x and file://host/x compared as scheme, authority and path. */
    private static String normal(String name) {
        java.net.URI uri = new org.apache.hadoop.fs.Path(name).toUri().normalize();
        return uri.getScheme() + "://" + (uri.getAuthority() == null ? "" : uri.getAuthority()) + uri.getPath();
    }

    /**
     * Every plan node and every expression of the statement: children, inner children (a WITH's
     * definitions), subqueries inside expressions, and the window definitions of a WINDOW clause (which a
     * plan's expression list leaves out).
     */
    private static void collect(LogicalPlan plan, List<LogicalPlan> nodes, List<Expression> expressions) {
        nodes.add(plan);
        List<Expression> own = new ArrayList<>(asJava(plan.expressions()));
        if (plan instanceof WithWindowDefinition windows) {
            own.addAll(asJava(windows.windowDefinitions()).values());
        }
        own.forEach(e -> collect(e, nodes, expressions));
        for (Object inner : asJava(plan.innerChildren())) {
            if (inner instanceof LogicalPlan p) {
                collect(p, nodes, expressions);
            }
        }
        asJava(plan.children()).forEach(child -> collect(child, nodes, expressions));
    }

    private static void collect(Expression e, List<LogicalPlan> nodes, List<Expression> expressions) {
        expressions.add(e);
        if (e instanceof SubqueryExpression subquery) {
            collect(subquery.plan(), nodes, expressions);
        }
        asJava(e.children()).forEach(child -> collect(child, nodes, expressions));
    }

    private static Optional<String> check(LogicalPlan plan, Set<String> names, Set<String> views) {
        if (!PLAN_NODES.contains(plan.getClass().getName())) {
            return Optional.of("only a query over " + String.join(", ", new TreeSet<>(views)) + " is allowed; "
                    + describe(plan) + " is not");
        }
        if (plan instanceof UnresolvedRelation relation) {
            List<String> parts = asJava(relation.multipartIdentifier());
            String name = String.join(".", parts);
            if (parts.size() != 1 || !names.contains(parts.get(0).toLowerCase(Locale.ROOT))) {
                return Optional.of("no table " + name + " here: a query reads only "
                        + String.join(", ", new TreeSet<>(views)) + " (and the names its WITH defines)");
            }
            if (!relation.options().isEmpty() || relation.isStreaming()) {
                return Optional.of("table " + name + " is read as it is: no options, no streaming");
            }
        }
        if (plan instanceof UnresolvedTableValuedFunction function) {
            String name = String.join(".", asJava(function.name()));
            if (!TABLE_FUNCTIONS.contains(name.toLowerCase(Locale.ROOT))) {
                return Optional.of("table function " + name + " is not allowed in queries (allowed: "
                        + String.join(", ", new TreeSet<>(TABLE_FUNCTIONS)) + ")");
            }
        }
        return Optional.empty();
    }

    /**
     * An expression is the parser's own (a class of Spark's expressions package itself: operators, literals,
     * CASE, CAST, subqueries; the parser builds no function there, those come by name) or a listed unresolved
     * form; a function, by name, is on the list.
     */
    private static Optional<String> check(Expression e) {
        String type = e.getClass().getName();
        boolean parsers = type.startsWith(EXPRESSIONS + ".") && type.indexOf('.', EXPRESSIONS.length() + 1) < 0;
        if (!parsers && !ANALYSIS_EXPRESSIONS.contains(type)) {
            return Optional.of(describe(e) + " is not allowed in queries");
        }
        if (e instanceof UnresolvedAttribute column && column.nameParts().size() == 1 && BUILT_IN.contains(
                column.name().toLowerCase(Locale.ROOT)) && !FUNCTIONS.contains(column.name().toLowerCase(Locale.ROOT))) {
            // a bare current_user, user, session_user ... is resolved to the function, not read as a column
            return Optional.of("function " + column.name() + " is not allowed in queries");
        }
        if (e instanceof UnresolvedFunction function && !allowed(asJava(function.nameParts()))) {
            return Optional.of("function " + String.join(".", asJava(function.nameParts())) + " is not allowed in queries");
        }
        if (e instanceof UnresolvedGenerator generator && !allowed(asJava(generator.name().nameParts()))) {
            return Optional.of("function " + generator.name().unquotedString() + " is not allowed in queries");
        }
        return Optional.empty();
    }

    private static boolean allowed(List<String> nameParts) {
        return nameParts.size() == 1 && FUNCTIONS.contains(nameParts.get(0).toLowerCase(Locale.ROOT));
    }

    private static <T> List<T> asJava(scala.collection.Seq<T> seq) {
        return scala.jdk.javaapi.CollectionConverters.asJava(seq);
    }

    private static <K, V> java.util.Map<K, V> asJava(scala.collection.Map<K, V> map) {
        return scala.jdk.javaapi.CollectionConverters.asJava(map);
    }

    private static String describe(Object node) {
        String name = node.getClass().getSimpleName().replace("$", "");
        return switch (name) {
            case "UnresolvedExecuteImmediate" -> "EXECUTE IMMEDIATE";
            case "ScriptTransformation" -> "TRANSFORM ... USING (a command)";
            case "UnresolvedHint" -> "a hint";
            case "ExpressionWithUnresolvedIdentifier", "PlanWithUnresolvedIdentifier" -> "IDENTIFIER(...)";
            case "CompoundBody" -> "a SQL script";
            default -> "a " + name.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT)
                    .replaceAll(" (command|exec)$", "") + " statement";
        };
    }

    private static Set<String> builtIn() {
        Set<String> names = new HashSet<>();
        var registry = org.apache.spark.sql.catalyst.analysis.FunctionRegistry.builtin();
        asJava(registry.listFunction()).forEach(id -> names.add(id.funcName().toLowerCase(Locale.ROOT)));
        return Set.copyOf(names);
    }

    private static Set<String> functions() {
        try (InputStream in = ReadOnlySql.class.getResourceAsStream("/tiebreak/query-functions.txt")) {
            Set<String> names = new HashSet<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.strip());
                }
            }
            return Set.copyOf(names);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the jar lacks tiebreak/query-functions.txt", e);
        }
    }
}
