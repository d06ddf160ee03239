package dev.mapper.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mapper.Cli;
import dev.mapper.TestDb;
import dev.mapper.convert.Converter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages that used to show Java instead of the value or the cause: a BLOB as {@code [B@6d3a388c},
 * an array as {@code [Ljava.lang.String;@…}, a division by zero as {@code JEXL error : / error},
 * lone surrogates as '?', and a reader's open transaction reported as someone's write lock.
 */
class MessagesTest {
    @TempDir
    Path dir;

    private String firstErrorLine(Path mapping, Path db) {
        String sha = TestDb.sha256(db);
        Cli run = Cli.run(mapping.toString(), "--db", db.toString());
        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(sha, TestDb.sha256(db));
        return run.err().lines().findFirst().orElseThrow().replace(mapping.toString(), "M");
    }

    @Test
    @DisplayName("a BLOB: x'…' with its length")
    void blob() throws IOException {
        Path db = TestDb.example(dir);
        TestDb.exec(db, "CREATE TABLE blobs (id INTEGER PRIMARY KEY, n BLOB); INSERT INTO blobs VALUES (1, x'0102FF'), (2, zeroblob(40));");
        Path mapping = Files.writeString(dir.resolve("blob.yaml"), """
                migration: "901"
                name: blobs
                sources:
                  m: { table: blobs, shape: table }
                targets:
                  blobs_v2:
                    shape: table
                    key: id
                    columns:
                      id: { from: m.id, type: integer }
                      n:  { from: m.n, type: integer }
                """);
        assertEquals("M:11:7: error: blobs_v2.n: x'0102FF' (a BLOB of 3 bytes) is not an integer (from m.n, blobs row id=1)", firstErrorLine(mapping, db));
        assertEquals("x'00000000000000000000000000000000…' (a BLOB of 40 bytes)", Converter.render(new byte[40]));
    }

    private Path oneKey(String type, String from, String transform) throws IOException {
        return Files.writeString(dir.resolve("one.yaml"), """
                migration: "902"
                name: one
                sources:
                  server: { table: server_config, key: config }
                targets:
                  one:
                    keys:
                      k: { from: %s, type: %s, transform: "%s" }
                """.formatted(from, type, transform));
    }

    @Test
    @DisplayName("an array a transform returns (value.split): shown as the list it is")
    void array() throws IOException {
        Path db = TestDb.example(dir);
        assertEquals("M:8:7: error: one.k: [\"loc\", \"lhost\"] (a list of 2 items) is not a string (from server.host via transform)",
                firstErrorLine(oneKey("string", "server.host", "value.split('a')"), db));
    }

    @Test
    @DisplayName("division by zero, and the remainder of one: said so, not 'JEXL error : / error'")
    void divisionByZero() throws IOException {
        Path db = TestDb.example(dir);
        assertEquals("M:8:60: error: one.k: transform failed on 4 (from server.threads): division by zero",
                firstErrorLine(oneKey("integer", "server.threads", "value / 0"), db));
        assertEquals("M:8:60: error: one.k: transform failed on 4 (from server.threads): remainder of a division by zero",
                firstErrorLine(oneKey("integer", "server.threads", "value % 0"), db));
        assertEquals("M:8:59: error: one.k: transform failed on 4 (from server.threads): division by zero",
                firstErrorLine(oneKey("number", "server.threads", "value / 0.0"), db));
    }

    @Test
    @DisplayName("a regular expression Java cannot compile: one line naming the pattern and where, not PatternSyntaxException's three")
    void badRegularExpression() throws IOException {
        Path db = TestDb.example(dir);
        assertEquals("M:8:52: error: one.k: check failed on \"localhost\": the regular expression '^[a--9]+$' is not valid: illegal character "
                        + "range at character 5",
                firstErrorLine(Files.writeString(dir.resolve("one.yaml"), """
                        migration: "902"
                        name: one
                        sources:
                          server: { table: server_config, key: config }
                        targets:
                          one:
                            keys:
                              k: { from: server.host, type: string, check: "value =~ '^[a--9]+$'" }
                        """), db));
    }

    @Test
    @DisplayName("lone surrogate halves and control characters are escaped: two different texts never look alike")
    void unprintable() {
        assertEquals("\"\\uD800x\"", Converter.render("\uD800x"));
        assertEquals("\"\\uDC00x\"", Converter.render("\uDC00x"));
        assertEquals("\"a\\nb\\t\\u0000\\u007F\"", Converter.render("a\nb\t\u0000\u007f"));
        assertEquals("\"\uD83D\uDE00 ok\"", Converter.render("\uD83D\uDE00 ok"), "a surrogate pair is one character, shown as it is");
    }

    @Test
    @DisplayName("another connection keeps a read transaction open: busy, naming the reader, not a write lock")
    void readerBlocksCommit() throws Exception {
        Path db = TestDb.example(dir);
        String sha = TestDb.sha256(db);
        try (Connection reader = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            reader.setAutoCommit(false);
            try (Statement s = reader.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM logs")) {
                rs.next();
            }
            Cli run = Cli.run(TestDb.MAPPING_004.toString(), "--db", db.toString(), "--wait", "1");
            assertEquals(1, run.exitCode(), run::toString);
            assertEquals("error: database " + db + " is busy: another program is reading it (it keeps a read transaction open), "
                    + "so mapper could not write its changes into the file", run.err().lines().findFirst().orElseThrow());
            assertEquals("  hint: end the other program's open transaction (or stop the app) and retry, or wait longer with --wait SECONDS; "
                    + "nothing was changed", run.err().lines().skip(1).findFirst().orElseThrow());
            reader.rollback();
        }
        assertEquals(sha, TestDb.sha256(db));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no backup copy or journal left");
        }
    }
}
