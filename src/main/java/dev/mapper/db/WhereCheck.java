package dev.mapper.db;

import dev.mapper.diag.Diagnostic;
import dev.mapper.model.TableSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * A table source's {@code where:} against the database, before any row is read (plan, apply):
 * the names it uses must be columns of the source table, and SQLite must compile it (a function
 * called with the wrong number of arguments fails only here). The grammar was checked when the
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
        // preparing compiles the condition without running it: no row is read, nothing is locked beyond the schema
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM " + dialect.quote(source.table()) + " WHERE (" + source.where() + ")")) {
            return List.of();
        } catch (SQLException e) {
            String message = String.valueOf(e.getMessage()).replaceFirst("^\\[SQLITE_ERROR\\] SQL error or missing database \\((.*)\\)$", "$1");
            return List.of(Diagnostic.at(source.wherePos(), "the where: of source '" + source.name() + "' is refused by SQLite: " + message,
                    "check the functions' arguments; a where: is one condition on the columns of " + source.table()));
        }
    }
}
