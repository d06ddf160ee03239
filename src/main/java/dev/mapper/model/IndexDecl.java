package dev.mapper.model;

import dev.mapper.diag.Pos;
import java.util.List;
import java.util.stream.Collectors;

/** An index a migration creates on any table ({@code indexes: { idx_models_status: { table: models, columns: [status] } } }). */
public record IndexDecl(String name, String table, List<Column> columns, boolean unique, Pos pos) {
    public IndexDecl {
        columns = List.copyOf(columns);
    }

    /** One indexed column, ascending unless {@code DESC}. */
    public record Column(String name, boolean descending) {
        @Override
        public String toString() {
            return name + (descending ? " DESC" : "");
        }
    }

    /** {@code UNIQUE INDEX ON models(created_at DESC)}: the declaration without the name, for messages. */
    public String describe() {
        return (unique ? "UNIQUE " : "") + "INDEX ON " + table + "(" + columns.stream().map(Column::toString).collect(Collectors.joining(", ")) + ")";
    }

    /** Same table, columns, order, direction and uniqueness (names and tables compared ignoring case, as SQLite does). */
    public boolean sameAs(IndexDecl other) {
        if (!table.equalsIgnoreCase(other.table) || unique != other.unique || columns.size() != other.columns.size()) {
            return false;
        }
        for (int i = 0; i < columns.size(); i++) {
            Column a = columns.get(i);
            Column b = other.columns.get(i);
            if (!a.name.equalsIgnoreCase(b.name) || a.descending != b.descending) {
                return false;
            }
        }
        return true;
    }
}
