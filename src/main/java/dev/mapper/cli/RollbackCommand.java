package dev.mapper.cli;

import dev.mapper.apply.Rollback;
import dev.mapper.db.SqliteDialect;
import dev.mapper.model.Mapping;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Undo the latest applied revision of a migration in one transaction. Revision 1: restore the retired source rows "
            + "from the backup rows, drop the tables the migration created, and remove its history row. A later revision (an edited mapping "
            + "applied again): put back every row it touched as it was before. Run it again to go further back. A copy of the database is taken first.",
        footer = {"", "Example:", "  mapper rollback mappings/004.yaml --db data/llama-dashboard.db"})
final class RollbackCommand extends DatabaseCommand {
    @Override
    public Integer call() {
        PrintWriter out = out();
        // Only the migration id is taken from the file: the rollback itself follows the text recorded in history.
        Mapping mapping = MappingFiles.read(options.mapping, "rollback");
        Path db = database(mapping);
        Rollback.Result result = new Rollback(new SqliteDialect()).rollback(mapping, db, options.waitSeconds);
        if (result.kind().isEmpty()) {
            out.println("Migration " + mapping.migration() + " is not applied to " + db + "; nothing to roll back.");
        } else if (result.revision() > 1) {
            out.println("Backup    " + result.backupFile() + " (copy of the database before the rollback)");
            out.println("Rolled back revision " + result.revision() + " of migration " + mapping.migration() + ": " + result.rowsRestored()
                    + " row(s) put back as they were before it, history row removed; migration " + mapping.migration() + " is at revision "
                    + (result.revision() - 1) + " again.");
        } else {
            out.println("Backup    " + result.backupFile() + " (copy of the database before the rollback)");
            out.println("Rolled back migration " + mapping.migration() + ": " + result.rowsRestored() + " source row(s) restored, "
                    + (result.tablesDropped().isEmpty() ? "no tables dropped" : "dropped " + String.join(", ", result.tablesDropped()))
                    + ", history row removed.");
        }
        out.flush();
        return 0;
    }
}
