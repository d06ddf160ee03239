package dev.mapper.model;

import dev.mapper.diag.Pos;
import java.util.List;

/** A table the migration writes. Both shapes use columns key, value (TEXT) and updated_at. */
public sealed interface Target {
    String table();

    /** Name of an index on the key column to create, or null. */
    String index();

    List<KeyRule> rules();

    Pos pos();

    /**
     * One row whose value is a JSON object holding every key; {@code inPlace}: the row exists (an
     * earlier migration or the app wrote it) and only the listed keys are added or changed.
     */
    record Document(String table, String key, String index, List<KeyRule> rules, Pos pos, boolean inPlace) implements Target {
        public Document {
            rules = List.copyOf(rules);
        }
    }

    /** One row per key, with the value as text and its type name in a {@code type} column. */
    record Rows(String table, String index, List<KeyRule> rules, Pos pos) implements Target {
        public Rows {
            rules = List.copyOf(rules);
        }
    }
}
