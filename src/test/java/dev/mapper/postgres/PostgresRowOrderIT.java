package dev.mapper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.cli.TableTargetTest;
import java.nio.file.Path;
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

    @Test
    void theSameRowsInAnotherOrderAreNotAChange() throws Exception {
        PgDb db = PgDb.empty(dir.resolve("backups"));
        db.execute(PgExample.sql().replace(" REAL", " DOUBLE PRECISION"));
        db.execute(TableTargetTest.ROWS);
        String before = db.fingerprint();
        Cli run = db.run("apply", TableTargetTest.METRICS.toString());
        assertEquals(0, run.exitCode(), run::toString);

        List<String> heapOrder = db.query("SELECT id FROM metrics_v2");
        db.execute("UPDATE metrics_v2 SET id = id WHERE id = " + heapOrder.get(0));
        assertNotEquals(heapOrder, db.query("SELECT id FROM metrics_v2"), "the UPDATE moved the row in the heap");

        Cli status = db.run("status", TableTargetTest.METRICS.toString());
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(!status.out().contains("drifted"), status::toString);
        Cli rollback = db.run("rollback", TableTargetTest.METRICS.toString());
        assertEquals(0, rollback.exitCode(), rollback::toString);
        assertEquals(before, db.fingerprint());
    }
}
