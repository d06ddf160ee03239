package dev.mapper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.TestDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** status, verify and rollback of 004 on a real PostgreSQL server: rollback puts back exactly what was there. */
class PostgresRollbackIT {
    @TempDir
    Path dir;
    private final PgServer server = PgServer.get();
    private String url;

    @BeforeEach
    void load() throws Exception {
        url = server.freshDatabase();
        try (Connection c = server.connectUrl(url)) {
            PgExample.load(c);
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

    @Test
    void statusVerifyAndAnExactRollback() throws Exception {
        String before = fingerprint();
        assertTrue(mapper("status", TestDb.MAPPING_004.toString()).out().contains("pending"));
        Cli apply = mapper("apply", TestDb.MAPPING_004.toString());
        assertEquals(0, apply.exitCode(), apply::toString);

        Cli status = mapper("status", TestDb.MAPPING_004.toString());
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(status.out().contains("applied"), status::toString);
        Cli verify = mapper("verify", TestDb.MAPPING_004.toString());
        assertEquals(0, verify.exitCode(), verify::toString);

        Cli rollback = mapper("rollback", TestDb.MAPPING_004.toString());
        assertEquals(0, rollback.exitCode(), rollback::toString);
        assertTrue(rollback.out().startsWith("Backup    "), rollback::toString);
        assertEquals(before, fingerprint());
        assertTrue(mapper("status", TestDb.MAPPING_004.toString()).out().contains("pending"));
    }

    @Test
    void driftIsReportedAndRollbackRefusesToLoseIt() throws Exception {
        assertEquals(0, mapper("apply", TestDb.MAPPING_004.toString()).exitCode());
        try (Connection c = server.connectUrl(url); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE router_config SET value = replace(value, '\"port\":8080', '\"port\":9090') WHERE key = 'config'");
        }
        Cli verify = mapper("verify", TestDb.MAPPING_004.toString());
        assertEquals(1, verify.exitCode(), verify::toString);
        String changed = fingerprint();
        Cli rollback = mapper("rollback", TestDb.MAPPING_004.toString());
        assertEquals(1, rollback.exitCode(), rollback::toString);
        assertEquals(changed, fingerprint());
    }
}
