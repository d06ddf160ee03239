package dev.mapper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mapper.Cli;
import dev.mapper.Db;
import dev.mapper.Engine;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link DropInTableTest}'s tests on a real PostgreSQL server, and what the app's own SQL does there. */
class PostgresDropInTableIT extends DropInTableTest {
    @Override
    Engine engine() {
        return Engine.POSTGRES;
    }

    @Test
    @DisplayName("key/value tables mapper creates take the app's INSERTs as the app writes them (key and value only, or with updated_at, "
            + "an upsert): PostgreSQL's twin of DropInTableSqliteTest's")
    void keyValueTablesTakeTheAppsInserts() {
        Db db = engine().example(dir);
        assertEquals(0, db.run("mappings/004.yaml").exitCode());
        Cli ui = db.run("examples/005-ui-config.yaml");
        assertEquals(0, ui.exitCode(), ui::toString);
        String theme = db.one("SELECT value FROM ui_config WHERE key = 'theme'");

        db.exec("INSERT INTO ui_config (key, value) VALUES ('language', 'en')");
        db.exec("INSERT INTO ui_config (key, value, updated_at) VALUES ('theme', '" + theme + "', 1764000400) "
                + "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at");
        db.exec("INSERT INTO router_config (key, value, updated_at) VALUES ('profile2', '{}', 1764000400) "
                + "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at");

        assertEquals(List.of("key | text | NO | t", "value | text | NO | f", "type | text | YES | f", "updated_at | bigint | YES | f"),
                db.query("SELECT c.column_name, c.data_type, c.is_nullable, EXISTS (SELECT 1 FROM information_schema.key_column_usage k "
                        + "WHERE k.table_schema = c.table_schema AND k.table_name = c.table_name AND k.column_name = c.column_name) "
                        + "FROM information_schema.columns c WHERE c.table_schema = 'public' AND c.table_name = 'ui_config' ORDER BY c.ordinal_position"));
        // an upsert updates the row in place (SQLite's INSERT OR REPLACE deletes it and inserts a new one): the type mapper wrote stays
        assertEquals(List.of("language | en | NULL | bigint", "theme | " + theme + " | enum | bigint"),
                db.query("SELECT key, value, COALESCE(type, 'NULL'), pg_typeof(updated_at) FROM ui_config WHERE key IN ('language', 'theme') ORDER BY key COLLATE \"C\""));
        assertEquals("1764000400", db.one("SELECT updated_at FROM ui_config WHERE key = 'theme'"));
        assertEquals("{}", db.one("SELECT value FROM router_config WHERE key = 'profile2'"));
        // a row the app wrote without a type is read by the rule's type: the same value is no drift, and rows no rule names are the app's
        Cli verify = db.run("verify", "examples/005-ui-config.yaml");
        assertEquals(0, verify.exitCode(), verify::toString);
    }
}
