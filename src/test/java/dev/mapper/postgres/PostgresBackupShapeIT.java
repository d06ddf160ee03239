package dev.mapper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.mapper.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup script of each migration of the shipped folder puts back exactly the database from
 * before that migration — the columns and indexes it added to existing tables taken away, a
 * redeclared column declared as before, an identity sequence an appended row advanced rewound — not only the rows. Each
 * step: fingerprint, apply, run the step's script (as psql --single-transaction would), compare;
 * then apply the step again so the next one starts from the folder's state.
 */
class PostgresBackupShapeIT {
    private static final List<String> FOLDER = List.of("mappings/004.yaml", "mappings/005-models_gguf_metadata.yaml",
            "mappings/006-metrics_gpu_swap.yaml", "mappings/007-logs_metadata.yaml", "mappings/008-indexes.yaml",
            "mappings/009-router_runtime_flags.yaml");

    @TempDir
    Path dir;

    @Test
    void eachStepsScriptPutsBackTheDatabaseFromBeforeThatStep() throws Exception {
        PgDb db = PgDb.example(dir);
        for (String mapping : FOLDER) {
            String migration = Path.of(mapping).getFileName().toString().substring(0, 3);
            assertRestores(db, mapping, migration);
            Cli again = db.run("apply", mapping);
            assertEquals(0, again.exitCode(), again::toString);
        }
    }

    @Test
    void aRedeclaredColumnIsDeclaredAsBefore() throws Exception {
        PgDb db = PgDb.empty(dir);
        db.execute(PostgresRedeclareIT.TABLE);
        Path declare = Files.writeString(dir.resolve("010.yaml"), PostgresRedeclareIT.DECLARE);
        Cli first = db.run("apply", declare.toString());
        assertEquals(0, first.exitCode(), first::toString);
        assertRestores(db, Files.writeString(dir.resolve("011.yaml"), PostgresRedeclareIT.REDECLARE).toString(), "011");
    }

    @Test
    void anAppendedRowsIdentitySequenceIsRewound() throws Exception {
        PgDb db = PgDb.example(dir);
        Cli first = db.run("apply", FOLDER.get(0));
        assertEquals(0, first.exitCode(), first::toString);
        String sequence = db.query("SELECT last_value FROM logs_id_seq").get(0);
        assertRestores(db, Files.writeString(dir.resolve("010-audit.yaml"), dev.mapper.change.AppendTest.AUDIT).toString(), "010");
        assertEquals(List.of(sequence), db.query("SELECT last_value FROM logs_id_seq"));
    }

    /** Applies {@code mapping}, runs its backup script and finds the fingerprint from before the apply. */
    private void assertRestores(PgDb db, String mapping, String migration) throws Exception {
        String before = db.fingerprint();
        Cli run = db.run("apply", mapping);
        assertEquals(0, run.exitCode(), run::toString);
        try (Connection c = db.connect()) {
            assertNotEquals(before, PgFingerprint.of(c), mapping);
            String file;
            try (PreparedStatement s = c.prepareStatement("SELECT backup_file FROM mapper_history WHERE migration = ? ORDER BY id DESC")) {
                s.setString(1, migration);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    file = rs.getString(1);
                }
            }
            c.setAutoCommit(false);
            PostgresBackupIT.runScript(c, Files.readAllLines(Path.of(file)));
            c.commit();
            c.setAutoCommit(true);
            assertEquals(before, PgFingerprint.of(c), mapping);
        }
    }
}
