package dev.mapper.change;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mapper.Cli;
import dev.mapper.TestDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A misspelt table or column in {@code columns:} or {@code indexes:}: one positioned error with did-you-mean, the file unchanged. */
class SchemaNamesTest {
    @TempDir
    Path dir;

    Cli apply(Path db, String text) throws IOException {
        Path file = dir.resolve("010.yaml");
        Files.writeString(file, "migration: \"010\"\nname: names\n" + text);
        return Cli.run("apply", file.toString(), "--db", db.toString());
    }

    @Test
    void misspeltTableAndColumn() throws IOException {
        Path db = TestDb.example(dir);
        String sha = TestDb.sha256(db);
        String file = dir.resolve("010.yaml").toString();

        Cli column = apply(db, "columns:\n  modles:\n    rank: { type: INTEGER, default: 0 }\n");
        Cli index = apply(db, "indexes:\n  idx_models_status: { table: model, columns: [status] }\n");
        Cli indexColumn = apply(db, "indexes:\n  idx_models_status: { table: models, columns: [statsu] }\n");

        assertEquals(1, column.exitCode(), column::toString);
        assertEquals(file + ":5:5: error: cannot add column modles.rank: the database has no table modles\n"
                + "        rank: { type: INTEGER, default: 0 }\n        ^\n"
                + "  hint: did you mean 'models'? 'columns:' adds columns to tables that exist (mapper inspect lists the tables)\n", column.err());
        assertEquals(1, index.exitCode(), index::toString);
        assertEquals(file + ":4:3: error: cannot create index idx_models_status: the database has no table model\n"
                + "      idx_models_status: { table: model, columns: [status] }\n      ^\n"
                + "  hint: did you mean 'models'? (mapper inspect lists the tables)\n", index.err());
        assertEquals(1, indexColumn.exitCode(), indexColumn::toString);
        assertEquals(file + ":4:3: error: index idx_models_status names column statsu, which table models does not have\n"
                + "      idx_models_status: { table: models, columns: [statsu] }\n      ^\n"
                + "  hint: did you mean 'status'? the columns of models are: id, name, type, status, parameters, model_path, file_size, params, "
                + "quantization, ctx_size, batch_size, threads, created_at, updated_at\n", indexColumn.err());
        assertEquals(sha, TestDb.sha256(db));
    }
}
