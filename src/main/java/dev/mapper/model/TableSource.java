package dev.mapper.model;

import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.Pos;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole table read row by row ({@code shape: table}), for table targets: a path names a column
 * of the current row, e.g. {@code m.cpu_usage}.
 *
 * @param where null, or a condition on the table's columns choosing the rows to migrate, checked by {@link WhereCondition}
 * @param wherePos where the {@code where:} value is in the mapping (null without one)
 */
public record TableSource(String name, String table, String where, Pos wherePos, Pos pos) {
    public String describe() {
        return "the rows of " + table + (where == null ? "" : " where " + where);
    }

    /**
     * The names in {@code where:} that are not columns of the source table (known only once the
     * database is open): SQLite would read an unknown double-quoted name as a text, and fail on an
     * unknown plain one with a message that does not say which mapping line it came from.
     */
    public List<Diagnostic> unknownWhereColumns(List<String> columns) {
        List<Diagnostic> errors = new ArrayList<>();
        if (where == null) {
            return errors;
        }
        List<String> named;
        try {
            named = WhereCondition.check(where).columns();
        } catch (WhereCondition.Refused e) {
            return List.of(Diagnostic.at(wherePos, "the where: of source '" + name + "' is refused: " + e.getMessage(), e.hint()));
        }
        for (String column : named) {
            if (columns.stream().noneMatch(column::equalsIgnoreCase)) {
                String near = DidYouMean.closest(column, columns);
                errors.add(Diagnostic.at(wherePos, "the where: of source '" + name + "' names column '" + column + "', which source table '" + table
                        + "' does not have", (near == null ? "" : "did you mean '" + near + "'? ") + "its columns are: " + String.join(", ", columns)));
            }
        }
        return errors;
    }
}
