package dev.mapper.model;

import dev.mapper.diag.Pos;

/**
 * How a column of a table target is declared in the table mapper creates, so the app can use the
 * table as if it had created it: its mapper type (the SQL type follows from it), its SQL
 * {@code DEFAULT} (the rule's {@code default}, so the app's INSERTs that leave the column out get the
 * value mapper would have written), whether it is nullable, and whether it is the table's
 * {@code INTEGER PRIMARY KEY AUTOINCREMENT}.
 *
 * @param defaultSql the default as a SQL literal, or null for none
 * @param nullable   {@code nullable: true}: declared without NOT NULL, and an absent source value is written as NULL
 * @param assigned   an autoincrement column with no rule of its own: SQLite assigns its values, mapper writes none
 */
public record TableColumn(String name, ValueType type, String defaultSql, boolean nullable, boolean autoincrement, boolean assigned, Pos pos) {

    /** The rule's default as the DDL literal: booleans as 1/0, JSON as its text, numbers and text as they are
     * (the values a table target stores, RowEvaluator.jdbcValue). */
    public static String defaultSql(Object defaultValue, ValueType type) {
        if (defaultValue == null) {
            return null;
        }
        if (defaultValue instanceof Boolean b) {
            return b ? "1" : "0";
        }
        if (type == ValueType.JSON) { // stored as its JSON text, as the rows mapper writes hold it
            return ColumnDecl.literal(dev.mapper.convert.Json.write(defaultValue));
        }
        return ColumnDecl.literal(defaultValue);
    }
}
