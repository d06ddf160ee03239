package dev.mapper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.TestDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** status, verify and rollback of 004 on a real PostgreSQL server: rollback puts back exactly what was there. */
class PostgresRollbackIT {
    @TempDir
    Path dir;
    private PgDb db;

    @BeforeEach
    void load() {
        db = PgDb.example(dir.resolve("backups"));
    }

    @Test
    void statusVerifyAndAnExactRollback() throws Exception {
        String before = db.fingerprint();
        assertTrue(db.run("status", TestDb.MAPPING_004.toString()).out().contains("pending"));
        Cli apply = db.run("apply", TestDb.MAPPING_004.toString());
        assertEquals(0, apply.exitCode(), apply::toString);

        Cli status = db.run("status", TestDb.MAPPING_004.toString());
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(status.out().contains("applied"), status::toString);
        Cli verify = db.run("verify", TestDb.MAPPING_004.toString());
        assertEquals(0, verify.exitCode(), verify::toString);

        Cli rollback = db.run("rollback", TestDb.MAPPING_004.toString());
        assertEquals(0, rollback.exitCode(), rollback::toString);
        assertTrue(rollback.out().startsWith("Backup    "), rollback::toString);
        assertEquals(before, db.fingerprint());
        assertTrue(db.run("status", TestDb.MAPPING_004.toString()).out().contains("pending"));
    }

    @Test
    void driftIsReportedAndRollbackRefusesToLoseIt() throws Exception {
        assertEquals(0, db.run("apply", TestDb.MAPPING_004.toString()).exitCode());
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE router_config SET value = replace(value, '\"port\":8080', '\"port\":9090') WHERE key = 'config'");
        }
        Cli verify = db.run("verify", TestDb.MAPPING_004.toString());
        assertEquals(1, verify.exitCode(), verify::toString);
        String changed = db.fingerprint();
        Cli rollback = db.run("rollback", TestDb.MAPPING_004.toString());
        assertEquals(1, rollback.exitCode(), rollback::toString);
        assertEquals(changed, db.fingerprint());
    }
}
