package dev.mapper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.TestDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retiring a source never deletes a field no rule reads, unless the mapping says so with dropped:. */
class RetireGuardTest {
    @TempDir
    Path dir;

    Path typo() throws IOException {
        Path file = dir.resolve("004.yaml");
        Files.writeString(file, Files.readString(TestDb.MAPPING_004).replace("from: server.ctx_size", "from: server.ctx_sise"));
        return file;
    }

    @Test
    @DisplayName("a typo in a from path: plan and apply refuse to retire the field it missed, naming it and the typo; the file is unchanged")
    void typoIsRefused() throws IOException {
        Path db = TestDb.example(dir);
        String sha = TestDb.sha256(db);
        Path mapping = typo();
        String expected = mapping + ":11:3: error: retiring 'server' would delete server_config row 'config' field 'ctx_size', which no rule reads; "
                + "a rule reads 'server.ctx_sise': is that a typo for 'ctx_size'?\n";

        Cli plan = Cli.run("plan", mapping.toString(), "--db", db.toString());
        Cli apply = Cli.run("apply", mapping.toString(), "--db", db.toString());

        assertEquals(1, plan.exitCode(), plan::toString);
        assertTrue(plan.err().startsWith(expected), plan.err());
        assertEquals(1, apply.exitCode(), apply::toString);
        assertTrue(apply.err().startsWith(expected), apply.err());
        assertTrue(apply.err().contains("hint: read it in a rule, or list it under dropped: in source 'server' to delete it on purpose; nothing was changed"),
                apply.err());
        assertEquals(sha, TestDb.sha256(db));
    }

    @Test
    @DisplayName("dropped: [ctx_size] says the field goes on purpose: the migration applies")
    void droppedOnPurpose() throws IOException {
        Path db = TestDb.example(dir);
        Path mapping = dir.resolve("dropped.yaml");
        Files.writeString(mapping, Files.readString(typo()).replace("server:   { table: server_config, key: config }",
                "server:   { table: server_config, key: config, dropped: [ctx_size] }"));

        Cli apply = Cli.run("apply", mapping.toString(), "--db", db.toString());

        assertEquals(0, apply.exitCode(), apply::toString);
        assertEquals("4096", TestDb.one(db, "SELECT json_extract(value, '$.ctxSize') FROM router_config"));
    }
}
