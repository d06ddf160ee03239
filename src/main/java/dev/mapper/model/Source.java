package dev.mapper.model;

import dev.mapper.diag.Pos;
import java.util.List;

/** Where values are read from. Paths in {@code from:} start with the source's name. */
public sealed interface Source {
    String name();

    String table();

    Pos pos();

    /** For messages: {@code server_config row 'config'}. */
    String describe();

    /** A JSON document stored in one row of a key/value table; paths are fields of the document. */
    record Document(String name, String table, String keyColumn, String valueColumn, String key, Pos pos, List<String> dropped)
            implements Source {
        public Document {
            dropped = List.copyOf(dropped);
        }

        public Document(String name, String table, String keyColumn, String valueColumn, String key, Pos pos) {
            this(name, table, keyColumn, valueColumn, key, pos, List.of());
        }

        @Override
        public String describe() {
            return table + " row '" + key + "'";
        }
    }

    /** A key/value table, one row per key; a path is a row's key. */
    record Rows(String name, String table, String keyColumn, String valueColumn, Pos pos, List<String> dropped) implements Source {
        public Rows {
            dropped = List.copyOf(dropped);
        }

        public Rows(String name, String table, String keyColumn, String valueColumn, Pos pos) {
            this(name, table, keyColumn, valueColumn, pos, List.of());
        }

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
