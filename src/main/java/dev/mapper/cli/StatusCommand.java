package dev.mapper.cli;

import dev.mapper.apply.Inspector;
import dev.mapper.db.SqliteDialect;
import dev.mapper.model.Mapping;
import dev.mapper.plan.CompiledMapping;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Say whether a migration is pending, applied, changed (the file was edited after applying) or drifted (target values differ).",
        footer = {"", "Example:", "  mapper status mappings/004.yaml --db data/llama-dashboard.db"})
final class StatusCommand extends DatabaseCommand {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z").withZone(ZoneId.systemDefault());

    @Override
    public Integer call() {
        PrintWriter out = out();
        CompiledMapping compiled = compiled();
        Mapping mapping = compiled.mapping();
        Path db = database(mapping);
        Inspector.Status status = new Inspector(new SqliteDialect()).status(compiled, db);
        String what = mapping.migration() + " (" + mapping.name() + ")";
        String when = status.appliedChecksum() == null ? "" : " at " + TIME.format(Instant.ofEpochSecond(status.appliedAt()))
                + (status.kind().equals("baseline") ? " (baseline)" : "");
        switch (status.state()) {
            case PENDING -> out.println(what + ": pending");
            case APPLIED -> out.println(what + ": applied" + when + ", sha256 " + status.appliedChecksum().substring(0, 12));
            case CHANGED -> out.println(what + ": changed since applied" + when + " (" + status.details().get(0) + ")");
            case DRIFTED -> {
                out.println(what + ": drifted, applied" + when + "; " + status.details().size() + " value(s) differ:");
                status.details().forEach(d -> out.println("  " + d));
            }
        }
        out.flush();
        return 0;
    }
}
