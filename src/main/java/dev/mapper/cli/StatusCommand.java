package dev.mapper.cli;

import dev.mapper.inspect.Inspector;
import dev.mapper.db.DatabaseAddress;
import dev.mapper.model.Mapping;
import dev.mapper.plan.CompiledMapping;
import dev.mapper.convert.Json;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Say whether a migration is pending or applied (at which revision), whether the file changed since "
            + "(+ keys added, ~ rules changed, - keys removed), and what drifted: target values that match no applied revision's output, "
            + "declared columns or indexes dropped or redeclared since.",
        footer = {"", "MAPPING may be a folder: then one row per numbered mapping (version, name, state, applied at, checksum); "
            + "state 'failed' means the file could not be checked; its errors go to stderr and the exit code is 2 (or 1 for data).",
            "", "Exit code 1 when anything drifted, 0 when nothing did.",
            "", "Example:", "  mapper status mappings/004.yaml --db data/llama-dashboard.db", "  mapper status mappings/ --db data/llama-dashboard.db"})
final class StatusCommand extends DatabaseCommand implements JsonCommand {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z").withZone(ZoneId.systemDefault());

    @Mixin
    OutputOptions output;

    @Override
    public boolean json() {
        return output.json();
    }

    @Override
    public Integer call() {
        PrintWriter out = out();
        if (Files.isDirectory(options.mapping)) {
            List<FolderStatus.Row> rows = FolderStatus.rows(options.mapping, options.db, options.serverOptions());
            int exitCode = FolderStatus.printFailures(rows, spec.commandLine().getErr());
            if (output.json()) {
                out.println(Json.write(FolderStatus.json(rows, exitCode)));
            } else if (!output.quiet()) {
                FolderStatus.print(rows, out);
            }
            out.flush();
            return exitCode;
        }
        CompiledMapping compiled = compiled();
        Mapping mapping = compiled.mapping();
        DatabaseAddress db = database(mapping);
        Inspector.Status status = new Inspector(db.dialect()).status(compiled, db);
        int exitCode = status.drift().isEmpty() ? 0 : 1; // drift is a data failure: scripts and CI rely on the exit code
        if (output.json()) {
            Map<String, Object> json = JsonShapes.envelope("status", exitCode);
            json.put("database", db.display());
            json.put("migrations", List.of(json(mapping, status)));
            out.println(Json.write(json));
            out.flush();
            return exitCode;
        }
        if (output.quiet()) {
            return exitCode;
        }
        String what = mapping.migration() + " (" + mapping.name() + ")";
        if (status.state() == Inspector.State.PENDING) {
            out.println(what + ": pending");
        } else {
            String applied = "applied at revision " + status.revision() + " (" + TIME.format(Instant.ofEpochSecond(status.appliedAt()))
                    + (status.kind().equals("applied") ? "" : ", " + status.kind()) + "), sha256 " + status.appliedChecksum().substring(0, 12);
            String file = status.fileChange() == null ? "file unchanged"
                    : "file changed (" + status.fileChange() + "): " + withOptions("mapper apply " + mapping.file()) + " writes revision " + (status.revision() + 1);
            String drift = status.drift().isEmpty() ? "" : "; drifted: " + status.drift().size() + " value(s) differ:";
            out.println(what + ": " + (status.state() == Inspector.State.DRIFTED ? "drifted, " : "") + applied + "; " + file + drift);
            status.drift().forEach(d -> out.println("  " + d));
        }
        out.flush();
        return exitCode;
    }

    /** {@code status} may be null: a folder's mapping that could not be checked. */
    static Map<String, Object> json(Mapping mapping, Inspector.Status status) {
        Map<String, Object> json = new LinkedHashMap<>(JsonShapes.mapping(mapping));
        if (status == null) {
            return json;
        }
        json.put("state", status.state().name().toLowerCase());
        json.put("appliedAt", status.appliedChecksum() == null ? null : Instant.ofEpochSecond(status.appliedAt()).toString());
        json.put("appliedChecksum", status.appliedChecksum());
        json.put("kind", status.kind());
        json.put("details", status.details());
        json.put("revision", status.revision());
        json.put("fileChange", status.fileChange());
        json.put("drift", status.drift());
        return json;
    }
}
