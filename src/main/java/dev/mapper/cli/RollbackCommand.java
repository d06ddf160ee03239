package dev.mapper.cli;

import dev.mapper.apply.rollback.Rollback;
import dev.mapper.db.SqliteDialect;
import dev.mapper.model.Mapping;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Undo the latest applied revision of a migration in one transaction, exactly: revision 1 drops the columns, indexes and "
            + "tables the migration created, puts back the document keys and rows it changed, deletes the rows it inserted, restores the retired "
            + "source rows from the backup rows, and removes its history row. Anything written since by someone else (a value, a row), a foreign "
            + "key from another table, or a later migration that builds on this one makes it refuse and change nothing. A later revision (an "
            + "edited mapping applied again): put back every row it touched as it was before. A copy of the database is taken first.",
        footer = {"", "Example:", "  mapper rollback mappings/004.yaml --db data/llama-dashboard.db"})
final class RollbackCommand extends DatabaseCommand {
    @picocli.CommandLine.Option(names = "--discard-later-writes",
            description = "undo even where values or rows were written since the migration (by the app or by hand): those writes are lost")
    boolean discardLaterWrites;

    @Override
    public Integer call() {
        PrintWriter out = out();
        // Only the migration id is taken from the file: the rollback itself follows the text recorded in history.
        Mapping mapping = MappingFiles.read(options.mapping, "rollback");
        Path db = database(mapping);
        Rollback.Result result = new Rollback(new SqliteDialect()).rollback(mapping, db, options.waitSeconds, discardLaterWrites);
        if (result.kind().isEmpty()) {
            out.println("Migration " + mapping.migration() + " is not applied to " + db + "; nothing to roll back.");
        } else if (result.revision() > 1) {
            out.println("Backup    " + result.backupFile() + " (copy of the database before the rollback)");
            out.println("Rolled back revision " + result.revision() + " of migration " + mapping.migration() + ": " + result.rowsRestored()
                    + " row(s) put back as they were before it, history row removed; migration " + mapping.migration() + " is at revision "
                    + (result.revision() - 1) + " again.");
        } else {
            out.println("Backup    " + result.backupFile() + " (copy of the database before the rollback)");
            List<String> done = new ArrayList<>(result.undone());
            if (!result.tablesDropped().isEmpty()) {
                done.add(0, "dropped " + String.join(", ", result.tablesDropped()));
            }
            if (result.rowsRestored() > 0 || done.isEmpty()) {
                done.add(0, result.rowsRestored() + " source row(s) restored");
            }
            out.println("Rolled back migration " + mapping.migration() + ": " + String.join(", ", done) + ", history row removed.");
        }
        out.flush();
        return 0;
    }
}
