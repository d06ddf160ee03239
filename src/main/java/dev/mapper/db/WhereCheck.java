package dev.mapper.db;

import dev.mapper.diag.Diagnostic;
import dev.mapper.model.TableSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * A table source's {@code where:} against the database, before any row is read (plan, apply):
 * the names it uses must be columns of the source table, and the engine must compile it (a function
 * called with the wrong number of arguments, or one PostgreSQL does not have, fails only here). The grammar was checked when the
 * mapping was read ({@link dev.mapper.model.WhereCondition}); this is the part that needs the table.
 */
public final class WhereCheck {
    private WhereCheck() {}

    public static List<Diagnostic> problems(Dialect dialect, Connection connection, TableSource source) throws SQLException {
        if (source.where() == null) {
            return List.of();
        }
        List<Diagnostic> unknown = source.unknownWhereColumns(dialect.columns(connection, source.table()));
        if (!unknown.isEmpty()) {
            return unknown;
        }
        // preparing compiles the condition without running it on SQLite: no row is read, nothing is locked beyond the schema.
        // pgjdbc sends nothing until a statement runs: there, LIMIT 0 has the server plan it (functions, constants) and read no row,
        // in a savepoint so that a refusal leaves the transaction usable
        boolean postgres = dialect instanceof PostgresDialect;
        java.sql.Savepoint savepoint = postgres && !connection.getAutoCommit() ? connection.setSavepoint() : null;
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM " + dialect.quote(source.table()) + " WHERE (" + source.where() + ") LIMIT 0")) {
            if (postgres) {
                ps.executeQuery().close();
            }
        } catch (SQLException e) {
            String message;
            if (e instanceof org.postgresql.util.PSQLException p) {
                String state = String.valueOf(p.getSQLState());
                if (p.getServerErrorMessage() == null || !(state.startsWith("42") || state.startsWith("22"))) {
                    throw e; // not the condition's fault (the connection, a cancel)
                }
                if (savepoint != null) {
                    connection.rollback(savepoint);
                }
                message = p.getServerErrorMessage().getMessage();
            } else {
                message = String.valueOf(e.getMessage()).replaceFirst("^\\[SQLITE_ERROR\\] SQL error or missing database \\((.*)\\)$", "$1");
            }
            return List.of(Diagnostic.at(source.wherePos(), "the where: of source '" + source.name() + "' is refused by " + dialect.engineName() + ": "
                    + message, "check the functions' arguments; a where: is one condition on the columns of " + source.table()));
        } finally {
            if (savepoint != null) {
                connection.releaseSavepoint(savepoint);
            }
        }
        return List.of();
    }
}
