package dev.mapper.plan;

import java.util.Objects;

/**
 * One source row as read, and as kept in the backup table: the table, the row's key (null for a
 * columns source) and its original value (for a columns source, the whole row as a JSON object).
 */
public record SourceRow(String table, String key, String value) {
    // equals and hashCode written out: every apply compares the rows read with the backup rows, and a record's
    // generated equals first bootstraps java.lang.runtime.ObjectMethods (~20–40 ms of start-up, measured).
    @Override
    public boolean equals(Object o) {
        return o instanceof SourceRow r && Objects.equals(table, r.table) && Objects.equals(key, r.key) && Objects.equals(value, r.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(table, key, value);
    }
}
