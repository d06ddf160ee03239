package dev.mapper.change;

import dev.mapper.model.ColumnDecl;
import dev.mapper.model.IndexDecl;

/**
 * One change a migration made to the database, with what was there before and what mapper wrote:
 * what rollback undoes exactly (or refuses to), and what status compares the database with. A
 * migration owns its changes, not whole tables: a column it added, an index it created, a row or
 * document it wrote, a table it created. Recorded in {@code mapper_changes} ({@link ChangeLog}) in
 * the apply's own transaction.
 */
public sealed interface Change {
    /** The object this change is about, for messages: {@code table models}, {@code column models.favorite}, … */
    String object();

    /**
     * A table mapper created (a key/value target, a table target, the backup table); rollback drops
     * it. {@code rowsHash}: {@link RowsHash} of its rows when the migration committed (null when
     * unknown: applied by an older mapper), so rollback can tell whether anyone wrote to it since.
     */
    record TableCreated(String table, String rowsHash) implements Change {
        @Override
        public String object() {
            return "table " + table;
        }
    }

    /**
     * A column added to a table that existed; rollback drops it. {@code computedBy}: null when the
     * rows read its default, else the rule that computed each row's value ({@code from name, transform "…"}),
     * and {@code filled} what it wrote, summed up (null until written), so rollback sees a write since.
     */
    record ColumnAdded(String table, String column, ColumnDecl declaration, String computedBy, ColumnValues filled) implements Change {
        public ColumnAdded(String table, String column, ColumnDecl declaration) {
            this(table, column, declaration, null, null);
        }

        @Override
        public String object() {
            return "column " + table + "." + column;
        }
    }

    /**
     * A column an earlier migration declared, declared otherwise by this one (type, NOT NULL,
     * default), by {@code Dialect#redeclareColumn} (SQLite rebuilds the table, PostgreSQL alters the
     * column in place). {@code definitionBefore} is what restores the declaration before exactly (SQLite:
     * the table's definition); {@code valuesBefore} the values the new declaration converted
     * ({@code {"rowid": [storage class, text]}}, as {@link WholeRow} encodes them), put back after it
     * (none where {@code Dialect#convertsBackExactly}); {@code values} what the column held after
     * (null until done, and where the engine converts back exactly).
     */
    record ColumnRedeclared(String table, String column, ColumnDecl before, ColumnDecl after, String definitionBefore, String valuesBefore,
            ColumnValues values) implements Change {
        @Override
        public String object() {
            return "column " + table + "." + column;
        }
    }

    /** An index mapper created; rollback drops it. */
    record IndexCreated(IndexDecl index) implements Change {
        @Override
        public String object() {
            return "index " + index.name();
        }
    }

    /** A declared column or index that was already there, declared the same: nothing was done and nothing is undone. */
    record Satisfied(String what, String declaration) implements Change {
        @Override
        public String object() {
            return what;
        }
    }

    /**
     * A source row mapper deleted when it retired the source, whole: {@code row} is every column as
     * {@link WholeRow} encodes it (storage class and exact bytes), so rollback puts it back byte for byte.
     */
    record RowRetired(String table, String keyColumn, String key, String row) implements Change {
        @Override
        public String object() {
            return table + " row '" + key + "'";
        }
    }

    /**
     * A row mapper appended to a table that existed ({@code append:}), found again by {@code key}, the
     * value of {@code keyColumns} (null: SQLite's rowid; PostgreSQL: the primary key): {@code row} as
     * {@link WholeRow} encodes it; rollback deletes it when it still holds exactly that.
     */
    record RowAppended(String table, String keyColumns, String key, String row) implements Change {
        @Override
        public String object() {
            return "the row appended to " + table + " (" + (keyColumns == null ? "rowid" : keyColumns) + " " + key + ")";
        }
    }

    /**
     * A row of a key/value table mapper wrote: {@code before} is its value column's text before
     * (null: the row did not exist, mapper inserted it), {@code after} what mapper wrote, and
     * {@code type} the rows target's type column (null for a document).
     */
    record RowWritten(String table, String key, String before, String after, String type) implements Change {
        @Override
        public String object() {
            return table + " row '" + key + "'";
        }
    }
}
