package dev.mapper.apply.table;

import dev.mapper.apply.ApplyListener;
import dev.mapper.db.Dialect;
import dev.mapper.db.SqlBudget;
import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.MapperException;
import dev.mapper.expr.Expressions;
import dev.mapper.model.Expr;
import dev.mapper.model.KeyRule;
import dev.mapper.model.SourcePath;
import dev.mapper.model.TableTarget;
import dev.mapper.plan.CompiledMapping;
import dev.mapper.plan.RowEvaluator;
import dev.mapper.plan.TablePlan;
import dev.mapper.plan.TablePlanner;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The table targets of a mapping inside the apply transaction: preflight (source table and
 * columns exist, target does not), then create and fill each target, then verify it. The
 * database file copy taken before is their backup: a table migration never changes its source.
 */
public final class TableMigration {
    private final Dialect dialect;
    private final Connection connection;
    private final boolean pushdown;

    public TableMigration(Dialect dialect, Connection connection, boolean pushdown) {
        this.dialect = dialect;
        this.connection = connection;
        this.pushdown = pushdown;
    }

    public void preflight(CompiledMapping compiled) throws SQLException {
        List<Diagnostic> errors = new ArrayList<>();
        for (TableTarget target : compiled.mapping().tables()) {
            String source = target.source().table();
            if (!dialect.tableExists(connection, source)) {
                throw MapperException.data(List.of(Diagnostic.at(target.source().pos(), "source table '" + source + "' (source '"
                        + target.source().name() + "') does not exist in the database",
                        "check the table name in the mapping, and that --db points at the right database")));
            }
            if (dialect.tableExists(connection, target.table())) {
                throw MapperException.data(List.of(Diagnostic.at(target.pos(), "target table '" + target.table() + "' exists already, and mapper has no history of it",
                        "a table target is created by its migration; drop or rename the existing table first (after a backup)")));
            }
            List<String> columns = dialect.columns(connection, source);
            errors.addAll(dev.mapper.db.WhereCheck.problems(dialect, connection, target.source()));
            for (KeyRule rule : target.columns()) {
                for (SourcePath path : rule.from()) {
                    missingColumn(path.path().get(0), columns, source, path.pos(), errors);
                }
                for (Expr expr : new Expr[] {rule.transform(), rule.check()}) {
                    if (expr != null) {
                        for (String name : Expressions.references(compiled.expression(expr), target.source().name())) {
                            missingColumn(name, columns, source, expr.pos(), errors);
                        }
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw MapperException.data(errors);
        }
    }

    private static void missingColumn(String column, List<String> columns, String table, dev.mapper.diag.Pos pos, List<Diagnostic> errors) {
        if (columns.stream().noneMatch(column::equalsIgnoreCase)) {
            errors.add(Diagnostic.at(pos, "source table '" + table + "' has no column '" + column + "'",
                    "its columns are: " + String.join(", ", columns)));
        }
    }

    private TablePlan plan(TableTarget target) throws SQLException {
        String source = target.source().table();
        return TablePlanner.plan(dialect, target, dialect.integerRowId(connection, source), dialect.columnTypes(connection, source));
    }

    /** The declared column types of each table source that exists, by table ({@link Dialect#columnTypes}). */
    public static java.util.Map<String, java.util.Map<String, String>> sourceTypes(Dialect dialect, Connection connection, dev.mapper.model.Mapping mapping)
            throws SQLException {
        java.util.Map<String, java.util.Map<String, String>> types = new java.util.HashMap<>();
        for (TableTarget target : mapping.tables()) {
            String table = target.source().table();
            if (dialect.tableExists(connection, table)) {
                types.put(table, dialect.columnTypes(connection, table));
            }
        }
        return types;
    }

    /** The integer row id column of each table source that has one, by table ({@link Dialect#integerRowId}). */
    public static java.util.Map<String, String> rowIds(Dialect dialect, Connection connection, dev.mapper.model.Mapping mapping) throws SQLException {
        java.util.Map<String, String> rowIds = new java.util.HashMap<>();
        for (TableTarget target : mapping.tables()) {
            String table = target.source().table();
            String rowId = dialect.tableExists(connection, table) ? dialect.integerRowId(connection, table) : null;
            if (rowId != null) {
                rowIds.put(table, rowId);
            }
        }
        return rowIds;
    }

    /** Creates and fills every table target; returns the rows written. */
    public long write(CompiledMapping compiled, ApplyListener listener) throws SQLException {
        writtenHere = true;
        long total = 0;
        for (TableTarget target : compiled.mapping().tables()) {
            total += SqlBudget.run(connection, target.source(), () -> write(compiled, target, listener));
        }
        return total;
    }

    /** One table target, under the time budget for the SQL that reads its source ({@link SqlBudget}). */
    private long write(CompiledMapping compiled, TableTarget target, ApplyListener listener) throws SQLException {
        TablePlan plan = plan(target);
        try (Statement s = connection.createStatement()) {
            s.executeUpdate(plan.createTable().sql());
        }
        long start = System.nanoTime();
        TableCopier copier = new TableCopier(dialect, connection);
        long rows = pushdown && plan.pushedDown() ? copier.pushdown(plan) : -1;
        String how = "pushed down: one INSERT … SELECT";
        if (rows < 0) {
            how = "streamed in batches of " + TableCopier.BATCH + (pushdown && plan.pushedDown()
                    ? " (SQL met a value it cannot convert exactly as Java does, so Java computed the table)" : "");
            pushedDown.remove(target.table());
            long expected = listener.wantsProgress() ? countSource(target) : -1;
            rows = copier.stream(new RowEvaluator(compiled, target), done -> listener.tableProgress(target.table(), done, expected, start));
        } else {
            pushedDown.add(target.table());
        }
        for (var column : target.declared()) {
            String continueIds = column.autoincrement() && !column.assigned() ? dialect.continueIdsAfterCopy(target.table(), column.name()) : null;
            if (continueIds != null) {
                try (Statement s = connection.createStatement()) {
                    s.execute(continueIds);
                }
            }
        }
        if (target.index() != null) {
            try (Statement s = connection.createStatement()) {
                s.executeUpdate(dialect.createIndex(target.index(), target.table(), target.key().get(0)));
            }
        }
        listener.tableWritten(target.table(), rows, how, (System.nanoTime() - start) / 1_000_000);
        return rows;
    }

    private long countSource(TableTarget target) throws SQLException {
        String where = target.source().where();
        try (Statement s = connection.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM " + dialect.quote(target.source().table())
                + (where == null ? "" : " WHERE (" + where + ")"))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private final java.util.Set<String> pushedDown = new java.util.HashSet<>();
    private boolean writtenHere;

    /** Every difference between the table targets and what the mapping computes from their sources. */
    public List<String> verify(CompiledMapping compiled) throws SQLException {
        List<String> differences = new ArrayList<>();
        TableVerifier verifier = new TableVerifier(dialect, connection);
        for (TableTarget target : compiled.mapping().tables()) {
            TablePlan plan = plan(target);
            // SQL checks what SQL wrote; rows Java computed are checked by Java (SQL may not agree on rows it would not write)
            boolean sqlWrote = writtenHere ? pushedDown.contains(target.table()) : pushdown && plan.pushedDown();
            if (sqlWrote && SqlBudget.run(connection, target.source(), () -> verifier.sqlDifferences(plan)) == 0) {
                continue;
            }
            differences.addAll(SqlBudget.run(connection, target.source(), () -> verifier.differences(new RowEvaluator(compiled, target))));
        }
        return differences;
    }
}
