package dev.mapper.cli;

import dev.mapper.apply.Inspector;
import dev.mapper.db.SqliteDialect;
import dev.mapper.model.Mapping;
import dev.mapper.plan.CompiledMapping;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show what apply would do: the source rows found, every computed value and where it came from, and the SQL steps. Changes nothing.",
        footer = {"", "Example:", "  mapper plan mappings/004.yaml --db data/llama-dashboard.db"})
final class PlanCommand extends DatabaseCommand {
    @Override
    public Integer call() {
        PrintWriter out = out();
        CompiledMapping compiled = compiled();
        Mapping mapping = compiled.mapping();
        Path db = database(mapping);
        Inspector.PlanResult result = new Inspector(new SqliteDialect()).plan(compiled, db);
        Printer printer = new Printer(out);
        printer.header(mapping, db);
        printer.plan(result.plan(), result.fromBackup());
        out.println();
        if (result.appliedChecksum().isEmpty()) {
            out.println("Not applied yet. Apply with: mapper apply " + mapping.file());
        } else if (result.appliedChecksum().get().equals(mapping.checksum())) {
            out.println("Already applied with this exact mapping: apply would do nothing.");
        } else {
            out.println("Applied from a different text of this file (sha256 " + result.appliedChecksum().get() + "): apply would refuse.");
        }
        out.flush();
        return 0;
    }
}
