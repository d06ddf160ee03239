package dev.mapper.cli;

import dev.mapper.apply.ApplyListener;
import dev.mapper.apply.ApplyResult;
import dev.mapper.apply.Applier;
import dev.mapper.db.SqliteDialect;
import dev.mapper.model.Mapping;
import dev.mapper.plan.CompiledMapping;
import dev.mapper.plan.Plan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Apply a mapping in one transaction: back up the database, write the targets, verify every value, record history. "
            + "Any failure rolls everything back. Running it again after success does nothing.",
        footer = {"", "Example:", "  mapper apply mappings/004.yaml --db data/llama-dashboard.db"})
final class ApplyCommand extends DatabaseCommand {
    @Override
    public Integer call() {
        PrintWriter out = out();
        CompiledMapping compiled = compiled();
        Mapping mapping = compiled.mapping();
        Path db = database(mapping);
        Printer printer = new Printer(out);
        printer.header(mapping, db);
        ApplyResult result = new Applier(new SqliteDialect()).apply(compiled, db, options.waitSeconds, new ApplyListener() {
            @Override
            public void planned(Plan plan, List<String> fromBackup) {
                printer.plan(plan, fromBackup);
            }

            @Override
            public void backedUp(Path backupFile, int rows) {
                out.println();
                out.println("Backup    " + backupFile + " (copy of the database before any change); "
                        + rows + " source row(s) saved in table " + mapping.backupTable());
                out.flush();
            }

            @Override
            public void verified(String summary) {
                out.println("Verify    " + summary);
                out.flush();
            }
        });
        switch (result.outcome()) {
            case ALREADY_APPLIED:
                out.println("Migration " + mapping.migration() + " is already applied with this exact mapping; nothing to do.");
                break;
            case BASELINE:
                out.println("The targets already hold exactly what this mapping computes (migrated before mapper);");
                out.println("recorded migration " + mapping.migration() + " in mapper_history as a baseline. Nothing else was written.");
                break;
            default:
                out.println("Applied migration " + mapping.migration() + " in " + result.durationMs() + " ms: "
                        + result.keysWritten() + " keys written, recorded in mapper_history.");
        }
        out.flush();
        return 0;
    }
}
