package dev.mapper.apply.table;

import dev.mapper.db.Dialect;
import dev.mapper.diag.MapperException;
import dev.mapper.model.KeyRule;
import dev.mapper.model.TableTarget;
import dev.mapper.plan.RowEvaluator;
import dev.mapper.plan.TablePlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;

/**
 * The streaming path of a table target: a forward-only read of the source rows, each target row
 * computed in Java ({@link RowEvaluator}) and written with prepared-statement batches. Memory
 * stays constant: one source row and one batch at a time.
 */
public final class TableCopier {
    static final int BATCH = 5_000;

    /** Reports rows written so far, every batch. */
    interface Progress {
        void rows(long done);
    }

    private final Dialect dialect;
    private final Connection connection;

    TableCopier(Dialect dialect, Connection connection) {
        this.dialect = dialect;
        this.connection = connection;
    }

    /** {@code SELECT columns FROM source [WHERE (where)]}, the source rows a table target reads. */
    static String selectSource(Dialect dialect, TableTarget target, List<String> columns) {
        String where = target.source().where();
        return "SELECT " + String.join(", ", columns.stream().map(dialect::quote).toList()) + " FROM " + dialect.quote(target.source().table())
                + (where == null ? "" : " WHERE (" + where + ")");
    }

    static String insert(Dialect dialect, TableTarget target) {
        List<KeyRule> columns = target.columns();
        return "INSERT INTO " + dialect.quote(target.table()) + " (" + String.join(", ", columns.stream().map(c -> dialect.quote(c.name())).toList())
                + ") VALUES (" + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
    }

    long stream(RowEvaluator evaluator, Progress progress) throws SQLException {
        TableTarget target = evaluator.target();
        int width = evaluator.sourceColumns().size();
        long rows = 0;
        try (PreparedStatement read = dialect.streaming(connection, selectSource(dialect, target, evaluator.sourceColumns()));
                PreparedStatement write = connection.prepareStatement(insert(dialect, target));
                ResultSet rs = read.executeQuery()) {
            Object[] values = new Object[width];
            int pending = 0;
            while (rs.next()) {
                dev.mapper.db.SqlBudget.tick(); // a row came back: the budget limits one step, not the whole stream
                for (int i = 0; i < width; i++) {
                    values[i] = rs.getObject(i + 1);
                }
                bindRow(dialect, write, target, evaluator.evaluate(values));
                write.addBatch();
                rows++;
                if (++pending == BATCH) {
                    executeBatch(write, target);
                    pending = 0;
                    progress.rows(rows);
                }
            }
            if (pending > 0) {
                executeBatch(write, target);
            }
        }
        return rows;
    }

    /**
     * Runs the plan's INSERT … SELECT; returns the rows written, or -1 (with nothing written) when
     * a row needs Java to be converted exactly, so the caller streams the table instead.
     */
    long pushdown(TablePlan plan) throws SQLException {
        dialect.installRowFailure(connection);
        Savepoint savepoint = connection.setSavepoint();
        try (PreparedStatement ps = connection.prepareStatement(plan.insertSelect().sql())) {
            bind(ps, plan.insertSelect().params());
            long rows = ps.executeUpdate();
            connection.releaseSavepoint(savepoint);
            return rows;
        } catch (SQLException e) {
            if (dialect.isRowFailure(e)) {
                connection.rollback(savepoint);
                return -1;
            }
            throw uniqueKey(e, plan.target());
        }
    }

    /** Binds a row Java computed to {@link #insert}'s parameters, each as the engine's column of its type takes it. */
    static void bindRow(Dialect dialect, PreparedStatement write, TableTarget target, Object[] out) throws SQLException {
        for (int i = 0; i < out.length; i++) {
            write.setObject(i + 1, dialect.columnValue(out[i], target.columns().get(i).type()));
        }
    }

    /** Binds numbered parameters; a statement may use only the first ones of a shared list. */
    static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        int used = ps.getParameterMetaData().getParameterCount();
        for (int i = 0; i < Math.min(used, params.size()); i++) {
            ps.setObject(i + 1, params.get(i));
        }
    }

    private void executeBatch(PreparedStatement write, TableTarget target) throws SQLException {
        try {
            write.executeBatch();
        } catch (SQLException e) {
            throw uniqueKey(e, target);
        }
    }

    /** Two source rows with the same key: a data error the user can fix, not a database failure. */
    SQLException uniqueKey(SQLException e, TableTarget target) {
        String message = dialect.duplicateKey(e);
        if (message != null) {
            throw MapperException.data(List.of(dev.mapper.diag.Diagnostic.at(target.pos(), target.table() + ": two source rows have the same key ("
                    + String.join(", ", target.key()) + "): " + message,
                    "the key must identify one row of " + target.source().table() + "; choose other key columns, or narrow the source with 'where'")));
        }
        return e;
    }
}
