package dev.mapper.model;

import dev.mapper.diag.Pos;

/** Where values are read from. Paths in {@code from:} start with the source's name. */
public sealed interface Source {
    String name();

    String table();

    Pos pos();

    /** For messages: {@code server_config row 'config'}. */
    String describe();

    /** A JSON document stored in one row of a key/value table; paths are fields of the document. */
    record Document(String name, String table, String keyColumn, String valueColumn, String key, Pos pos)
            implements Source {
        @Override
        public String describe() {
            return table + " row '" + key + "'";
        }
    }

    /** A key/value table, one row per key; a path is a row's key. */
    record Rows(String name, String table, String keyColumn, String valueColumn, Pos pos) implements Source {
        @Override
        public String describe() {
            return "the rows of " + table;
        }
    }

    /** The columns of a table that holds a single row; a path is a column name. */
    record Columns(String name, String table, Pos pos) implements Source {
        @Override
        public String describe() {
            return "the single row of " + table;
        }
    }
}
