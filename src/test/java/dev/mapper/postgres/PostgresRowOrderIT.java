package dev.mapper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.cli.TableTargetTest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL returns a table's rows in no fixed order: an UPDATE that writes a row's own values back
 * moves it to the end of the heap. The rows a table target wrote are the same rows, so status must
 * not call them drifted and rollback must not refuse them as changed.
 */
class PostgresRowOrderIT {
    @TempDir
    Path dir;
    private final PgServer server = PgServer.get();

    @Test
    void theSameRowsInAnotherOrderAreNotAChange() throws Exception {
        String url = server.freshDatabase();
        try (Connection c = server.connectUrl(url); Statement s = c.createStatement()) {
            s.execute(PgExample.sql().replace(" REAL", " DOUBLE PRECISION"));
            s.executeUpdate(TableTargetTest.ROWS);
        }
        String before;
        try (Connection c = server.connectUrl(url)) {
            before = PgFingerprint.of(c);
        }
        List<String> options = List.of("--db", url, "--backup-dir", dir.resolve("backups").toString());
        Cli run = Cli.run(args("apply", TableTargetTest.METRICS.toString(), options));
        assertEquals(0, run.exitCode(), run::toString);

        List<String> heapOrder;
        try (Connection c = server.connectUrl(url); Statement s = c.createStatement()) {
            heapOrder = PostgresApplyIT.rows(c, "SELECT id FROM metrics_v2");
            s.executeUpdate("UPDATE metrics_v2 SET id = id WHERE id = " + heapOrder.get(0));
            assertNotEquals(heapOrder, PostgresApplyIT.rows(c, "SELECT id FROM metrics_v2"), "the UPDATE moved the row in the heap");
        }

        Cli status = Cli.run(args("status", TableTargetTest.METRICS.toString(), options));
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(!status.out().contains("drifted"), status::toString);
        Cli rollback = Cli.run(args("rollback", TableTargetTest.METRICS.toString(), options));
        assertEquals(0, rollback.exitCode(), rollback::toString);
        try (Connection c = server.connectUrl(url)) {
            assertEquals(before, PgFingerprint.of(c));
        }
    }

    private static String[] args(String command, String mapping, List<String> options) {
        List<String> all = new java.util.ArrayList<>(List.of(command, mapping));
        all.addAll(options);
        return all.toArray(String[]::new);
    }
}
