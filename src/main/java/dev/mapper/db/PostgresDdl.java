package dev.mapper.db;

import dev.mapper.model.ColumnDecl;
import dev.mapper.model.TableColumn;
import dev.mapper.model.ValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * The DDL {@link PostgresDialect} writes, none of it depending on a connection: mapper's own tables,
 * which number their rows with a trigger, not a sequence (a sequence is not rolled back with the
 * transaction, so a failed run would leave it changed); the tables a table target creates, and how
 * each column is declared (integer → bigint, number → double precision, boolean → boolean, anything
 * else text). An interface so the dialect takes these {@link Dialect} methods as they are.
 */
interface PostgresDdl extends Dialect {
    String NEXT_ID = "mapper_next_id";
    String EPOCH = "(extract(epoch from now())::bigint)";

    /** A name as PostgreSQL reads it exactly: in double quotes, a quote in it doubled. */
    static String quoteName(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    default String quote(String identifier) {
        return quoteName(identifier);
    }

    @Override
    default String createKeyValueTable(String table, boolean withTypeColumn) {
        return "CREATE TABLE IF NOT EXISTS " + quote(table) + " (key TEXT PRIMARY KEY, value TEXT NOT NULL, "
                + (withTypeColumn ? "type TEXT, " : "") // nullable, as on SQLite: the app's INSERTs name only key and value
                + "updated_at BIGINT DEFAULT " + EPOCH + ")";
    }

    @Override
    default String createIndex(String index, String table, String column) {
        return "CREATE INDEX IF NOT EXISTS " + quote(index) + " ON " + quote(table) + "(" + quote(column) + ")";
    }

    /**
     * The table, its id function and trigger, only when the table is not there yet: a backup table an
     * older tool made (a baseline) numbers its rows itself and must not get mapper's trigger, which no
     * rollback would take away again.
     */
    @Override
    default String createOwnTable(String table, String columns) {
        return "DO $mapper$ BEGIN IF to_regclass('" + quote(table).replace("'", "''") + "') IS NULL THEN\n"
                + "CREATE TABLE " + quote(table) + " (id BIGINT PRIMARY KEY, " + columns + ");\n"
                + "CREATE OR REPLACE FUNCTION " + NEXT_ID + "() RETURNS trigger LANGUAGE plpgsql AS $id$ BEGIN IF NEW.id IS NULL THEN "
                + "EXECUTE format('SELECT coalesce(max(id), 0) + 1 FROM %I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME) INTO NEW.id; END IF; "
                + "RETURN NEW; END $id$;\n"
                + "CREATE TRIGGER " + NEXT_ID + " BEFORE INSERT ON " + quote(table) + " FOR EACH ROW EXECUTE FUNCTION " + NEXT_ID + "();\n"
                + "END IF; END $mapper$";
    }

    /** The id function goes with the last table whose trigger uses it: a rollback leaves the schema as mapper found it. */
    @Override
    default String dropTable(String table) {
        return "DROP TABLE " + quote(table) + ";\n"
                + "DO $mapper$ BEGIN IF to_regproc('" + NEXT_ID + "') IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_trigger "
                + "WHERE tgfoid = to_regproc('" + NEXT_ID + "')) THEN DROP FUNCTION " + NEXT_ID + "(); END IF; END $mapper$";
    }

    @Override
    default String createBackupTable(String table) {
        return createOwnTable(table, "source_table TEXT NOT NULL, source_key TEXT, original_value TEXT, migrated_at BIGINT DEFAULT " + EPOCH);
    }

    @Override
    default String createHistoryTable(String table) {
        return createOwnTable(table, "migration TEXT NOT NULL, revision INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, "
                + "checksum TEXT NOT NULL, mapping TEXT NOT NULL, applied_at BIGINT NOT NULL, duration_ms BIGINT NOT NULL, "
                + "keys_written BIGINT NOT NULL, rows_backed_up BIGINT NOT NULL, created_tables TEXT NOT NULL, "
                + "backup_file TEXT, mapper_version TEXT NOT NULL");
    }

    @Override
    default String createRevisionBackupTable(String table) {
        return createOwnTable(table, "migration TEXT NOT NULL, revision INTEGER NOT NULL, table_name TEXT NOT NULL, key_column TEXT NOT NULL, "
                + "key_value TEXT NOT NULL, before_row TEXT, after_row TEXT");
    }

    @Override
    default String createTable(String table, List<TableColumn> columns, List<String> key) {
        TableColumn id = columns.stream().filter(TableColumn::autoincrement).findFirst().orElse(null);
        List<String> parts = new ArrayList<>();
        for (TableColumn c : columns) {
            parts.add(quote(c.name()) + " " + columnDefinition(c));
        }
        String keyColumns = String.join(", ", key.stream().map(this::quote).toList());
        if (id == null) {
            parts.add("PRIMARY KEY (" + keyColumns + ")");
        } else if (!(key.size() == 1 && key.get(0).equals(id.name()))) {
            parts.add("UNIQUE (" + keyColumns + ")"); // as on SQLite: the id is the primary key, the row key stays unique
        }
        return "CREATE TABLE " + quote(table) + " (" + String.join(", ", parts) + ")";
    }

    @Override
    default String columnDefinition(TableColumn column) {
        // the app's INSERTs that leave the id out get the next value; ids mapper copies move it on (continueIdsAfterCopy)
        return column.autoincrement() ? "bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" : declaration(column).render();
    }

    @Override
    default String continueIdsAfterCopy(String table, String column) {
        // an identity column's sequence does not follow explicit values: without this the app's next INSERT would reuse id 1
        return "SELECT setval(pg_get_serial_sequence(" + literal(quote(table)) + ", " + literal(column) + "), "
                + "coalesce(max(" + quote(column) + "), 0) + 1, false) FROM " + quote(table);
    }

    /** A SQL string literal of a name mapper validated (letters, digits, _; quoted already where it is an identifier). */
    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    @Override
    default ColumnDecl declaration(TableColumn column) {
        if (column.autoincrement()) {
            return new ColumnDecl("bigint", null, true);
        }
        String defaultSql = column.defaultSql();
        if (defaultSql != null && column.type() == ValueType.BOOLEAN) {
            defaultSql = "1".equals(defaultSql) ? "true" : "false"; // TableColumn writes SQLite's 1/0
        }
        return new ColumnDecl(sqlType(column.type().name()), defaultSql, !column.nullable());
    }

    /** The SQL type a mapper type ({@code integer}, {@code number}, {@code boolean}, …) is declared as. */
    static String sqlType(String type) {
        return switch (type) {
            case "integer" -> "bigint";
            case "number" -> "double precision";
            case "boolean" -> "boolean";
            default -> "text";
        };
    }
}
