package dev.mapper.apply.table;

import dev.mapper.apply.Transaction;
import dev.mapper.db.Dialect;
import dev.mapper.db.SqlBudget;
import dev.mapper.diag.MapperException;
import dev.mapper.model.TableTarget;
import dev.mapper.plan.CompiledMapping;
import dev.mapper.plan.RowEvaluator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table target's first few rows before → after, for {@code mapper plan} and {@code apply}: the source row (the
 * columns the mapping reads) and the target row Java computes from it, and how many source rows
 * there are. Read-only; a row whose value fails shows the error instead of a target row.
 */
public final class TablePreview {
    /** Rows shown per table target. */
    public static final int ROWS = 3;

    /** {@code after} is null when the row fails, and {@code error} says why. */
    public record Row(Map<String, Object> before, Map<String, Object> after, String error) {}

    public record Preview(TableTarget target, long sourceRows, List<Row> rows) {}

    private final Dialect dialect;

    public TablePreview(Dialect dialect) {
        this.dialect = dialect;
    }

    public List<Preview> of(CompiledMapping compiled, Path db) {
        return of(compiled, new dev.mapper.db.DatabaseAddress.SqliteFile(db));
    }

    public List<Preview> of(CompiledMapping compiled, dev.mapper.db.DatabaseAddress db) {
        if (compiled.mapping().tables().isEmpty()) {
            return List.of();
        }
        return Transaction.read(dialect, db, c -> of(compiled, c));
    }

    /** The same on an open connection: apply shows them from inside its transaction, before it writes. */
    public List<Preview> of(CompiledMapping compiled, Connection c) throws SQLException {
        List<Preview> previews = new ArrayList<>();
        for (TableTarget target : compiled.mapping().tables()) {
            if (dialect.tableExists(c, target.source().table())) {
                previews.add(SqlBudget.run(c, target.source(), () -> preview(c, compiled, target)));
            }
        }
        return previews;
    }

    private Preview preview(Connection c, CompiledMapping compiled, TableTarget target) throws SQLException {
        List<dev.mapper.diag.Diagnostic> unknown = dev.mapper.db.WhereCheck.problems(dialect, c, target.source());
        if (!unknown.isEmpty()) {
            throw MapperException.data(unknown);
        }
        RowEvaluator evaluator = new RowEvaluator(compiled, target);
        List<String> columns = evaluator.sourceColumns();
        String select = TableCopier.selectSource(dialect, target, columns);
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(select + " LIMIT " + ROWS); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Object[] values = new Object[columns.size()];
                Map<String, Object> before = new LinkedHashMap<>();
                for (int i = 0; i < values.length; i++) {
                    values[i] = rs.getObject(i + 1);
                    before.put(columns.get(i), values[i]);
                }
                try {
                    Object[] out = evaluator.evaluate(values);
                    Map<String, Object> after = new LinkedHashMap<>();
                    for (int i = 0; i < out.length; i++) {
                        after.put(target.columns().get(i).name(), out[i]);
                    }
                    rows.add(new Row(before, after, null));
                } catch (MapperException e) {
                    rows.add(new Row(before, null, e.diagnostics().get(0).message()));
                }
            }
        }
        long count;
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM (" + select + ")"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            count = rs.getLong(1);
        }
        return new Preview(target, count, rows);
    }
}
