package dev.mapper.cli;

import dev.mapper.inspect.Inspector;
import dev.mapper.db.DatabaseAddress;
import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.MapperException;
import dev.mapper.model.Mapping;
import dev.mapper.plan.CompiledMapping;
import dev.mapper.convert.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Re-check an applied migration: every target value against what the mapping computes from the backup rows, and "
            + "every column and index it declares against the database. Changes nothing.",
        footer = {"", "Exit 0 when every value matches, 1 when values drifted or the migration is not applied.",
            "", "Example:", "  mapper verify mappings/004.yaml --db data/llama-dashboard.db"})
final class VerifyCommand extends DatabaseCommand implements JsonCommand {
    @Mixin
    OutputOptions output;

    private Mapping mapping;
    private Inspector.Status status;

    @Override
    public boolean json() {
        return output.json();
    }

    @Override
    public Map<String, Object> failureJson(String command, MapperException e) {
        Map<String, Object> json = JsonShapes.envelope(command, e.exitCode());
        if (status != null) {
            json.putAll(JsonShapes.mapping(mapping));
            json.put("state", status.state().name().toLowerCase());
            json.put("differences", status.details());
        }
        json.put("errors", JsonShapes.errors(e.diagnostics()));
        return json;
    }

    /** What verify checked, one phrase per part of the mapping. */
    private static List<String> checked(Mapping mapping) {
        List<String> parts = new ArrayList<>();
        if (!mapping.targets().isEmpty()) {
            parts.add("every target key holds its declared JSON type and exactly the value computed from the backup rows");
        }
        if (!mapping.tables().isEmpty()) {
            parts.add("every row of " + String.join(", ", mapping.tables().stream().map(t -> t.table()).toList())
                    + " equals, value and type, what the mapping computes from its source table's rows");
        }
        if (!mapping.columns().isEmpty()) {
            parts.add(mapping.columns().size() + " column(s) exist as declared");
        }
        if (!mapping.indexes().isEmpty()) {
            parts.add(mapping.indexes().size() + " index(es) exist as declared");
        }
        if (!mapping.appends().isEmpty()) {
            parts.add("its appended row(s) belong to the app now and are not checked");
        }
        return parts;
    }

    @Override
    public Integer call() {
        PrintWriter out = out();
        CompiledMapping compiled = compiled();
        mapping = compiled.mapping();
        DatabaseAddress db = database(mapping);
        status = new Inspector(db.dialect()).status(compiled, db);
        switch (status.state()) {
            case PENDING:
                throw MapperException.data("migration " + mapping.migration() + " is not applied to " + db + "; there is nothing to verify",
                        "apply it first: mapper apply " + mapping.file());
            case CHANGED:
                throw MapperException.mapping(List.of(Diagnostic.of(mapping.file() + " differs from revision " + status.revision() + " of migration "
                        + mapping.migration() + ", which is applied: " + status.details().get(0),
                        "apply it to write revision " + (status.revision() + 1) + " (mapper apply " + mapping.file() + "), "
                                + "or verify the applied text (kept in mapper_history.mapping)")));
            case DRIFTED:
                List<Diagnostic> diagnostics = new ArrayList<>();
                boolean schemaOnly = mapping.targets().isEmpty() && mapping.tables().isEmpty();
                String hint = "migration " + mapping.migration() + (schemaOnly ? " declares otherwise" : " computes or declares otherwise")
                        + "; if the app changed this on purpose it is expected, otherwise put back what each line expects "
                        + "(the migration wrote it: no backup taken before it holds it)";
                List<String> details = status.details();
                for (int i = 0; i < details.size(); i++) { // one error per difference; the hint once, after the last
                    diagnostics.add(Diagnostic.of("drifted: " + details.get(i), i == details.size() - 1 ? hint : null));
                }
                throw MapperException.data(diagnostics);
            default:
                if (output.json()) {
                    Map<String, Object> json = JsonShapes.envelope("verify", 0);
                    json.putAll(JsonShapes.mapping(mapping));
                    json.put("state", "applied");
                    json.put("differences", status.details());
                    out.println(Json.write(json));
                    out.flush();
                    return 0;
                }
                if (output.quiet()) {
                    return 0;
                }
                out.println("Verify    ok: migration " + mapping.migration() + " (" + mapping.name() + "): " + String.join("; ", checked(mapping)) + ".");
                out.flush();
                return 0;
        }
    }
}
