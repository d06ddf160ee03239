package dev.mapper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A column an earlier migration declared, declared otherwise by a later one, on a real PostgreSQL
 * server: ALTER COLUMN in place (type, NOT NULL, default), every row and index kept; rollback puts
 * back the exact declaration and values, or refuses (nothing changed) when the app changed either
 * so that it could not.
 */
class PostgresRedeclareIT {
    static final String TABLE = "CREATE TABLE gauges (id BIGINT PRIMARY KEY, name TEXT NOT NULL DEFAULT '', level TEXT, size BIGINT);"
            + "CREATE INDEX gauges_level ON gauges (level);"
            + "INSERT INTO gauges VALUES (1, 'a', '12', 40), (2, 'b', NULL, NULL), (3, 'c', '-7', 9000000000)";
    static final String DECLARE = """
            migration: "010"
            name: gauges_declared
            columns:
              gauges:
                name:   { type: text, nullable: false, default: '' }
                level:  { type: text }
                size:   { type: bigint }
                weight: { type: bigint, default: 0 }
            """;
    static final String REDECLARE = """
            migration: "011"
            name: gauges_redeclared
            columns:
              gauges:
                name:   { type: text, default: '' }
                level:  { type: bigint, default: 0 }
                size:   { type: double precision }
                weight: { type: bigint, default: 1, nullable: false }
            """;

    @TempDir
    Path dir;
    private final PgServer server = PgServer.get();
    private String url;

    @BeforeEach
    void load() throws Exception {
        url = server.freshDatabase();
        try (Connection c = server.connectUrl(url); Statement s = c.createStatement()) {
            s.execute(TABLE);
        }
    }

    private Cli mapper(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--db", url, "--backup-dir", dir.resolve("backups").toString()));
        return Cli.run(all.toArray(String[]::new));
    }

    private String fingerprint() throws Exception {
        try (Connection c = server.connectUrl(url)) {
            return PgFingerprint.of(c);
        }
    }

    private List<String> rows(String sql) throws Exception {
        try (Connection c = server.connectUrl(url)) {
            return PostgresApplyIT.rows(c, sql);
        }
    }

    private void app(String sql) throws Exception {
        try (Connection c = server.connectUrl(url); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private Path mapping(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private static final String CATALOGUE = "SELECT column_name, data_type, is_nullable, coalesce(column_default, '-') FROM information_schema.columns "
            + "WHERE table_name = 'gauges' ORDER BY ordinal_position";

    @Test
    void redeclaredInPlaceAndBackExactly() throws Exception {
        String untouched = fingerprint();
        Path declare = mapping("010-gauges_declared.yaml", DECLARE);
        Path redeclare = mapping("011-gauges_redeclared.yaml", REDECLARE);
        Cli first = mapper("apply", declare.toString());
        assertEquals(0, first.exitCode(), first::toString);
        String before = fingerprint();
        List<String> values = rows("SELECT id, name, level, size::text, weight FROM gauges ORDER BY id");

        Cli run = mapper("apply", redeclare.toString());

        assertEquals(0, run.exitCode(), run::toString);
        System.out.println(run.out());
        System.out.println(rows(CATALOGUE));
        assertEquals(values, rows("SELECT id, name, level::text, size::text, weight FROM gauges ORDER BY id"));

        Cli back = mapper("rollback", redeclare.toString());

        assertEquals(0, back.exitCode(), back::toString);
        System.out.println(back.out());
        assertEquals(before, fingerprint());
        Cli first2 = mapper("rollback", declare.toString());
        assertEquals(0, first2.exitCode(), first2::toString);
        assertEquals(untouched, fingerprint());
    }
}
