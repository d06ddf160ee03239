package dev.mapper.cli;

import dev.mapper.inspect.Inspector;
import dev.mapper.apply.table.TablePreview;
import dev.mapper.db.DatabaseAddress;
import dev.mapper.model.Mapping;
import dev.mapper.plan.CompiledMapping;
import dev.mapper.plan.RevisionPlan;
import dev.mapper.convert.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show what apply would do: the source rows found, every computed value and where it came from, and the SQL steps. Changes nothing.",
        footer = {"", "Example:", "  mapper plan mappings/004.yaml --db data/llama-dashboard.db", "  mapper plan mappings/004.yaml --db data/llama-dashboard.db --sql"})
final class PlanCommand extends DatabaseCommand implements JsonCommand {
    @Mixin
    OutputOptions output;

    @Mixin
    RevisionOptions revisionOptions;

    @Option(names = "--sql", description = "also list every SQL step apply would run, values shown inline (they are bound as parameters)")
    boolean sql;

    @Override
    public boolean json() {
        return output.json();
    }

    @Override
    public Integer call() {
        PrintWriter out = out();
        CompiledMapping compiled = compiled();
        Mapping mapping = compiled.mapping();
        DatabaseAddress db = database(mapping);
        Inspector.PlanResult result = new Inspector(db.dialect()).plan(compiled, db, revisionOptions.options());
        if (output.json()) {
            out.println(Json.write(json(mapping, db, result)));
            out.flush();
            return 0;
        }
        if (output.quiet()) {
            return 0;
        }
        Printer printer = new Printer(out);
        printer.header(mapping, db);
        if (result.revision().isPresent()) {
            RevisionPlan revision = result.revision().get();
            printer.revision(revision, result.fromBackup(), sql || output.verbose());
            out.println();
            out.println(withOptions(revision.problems().isEmpty()
                    ? "Applied at revision " + revision.appliedRevision() + "; the file differs (" + revision.diff().summary() + "): apply would write revision "
                            + revision.revision() + " as above. Apply with: mapper apply " + mapping.file()
                    : "Applied at revision " + revision.appliedRevision() + "; the file differs (" + revision.diff().summary() + "), but apply would stop: "
                            + revision.problems().stream().filter(p -> p.pos() != null).count() + " key(s) changed by the app need a choice"
                            + " (marked 'conflict' above) or do not satisfy the edited rules; see mapper apply --help for --keep-changed and --overwrite-changed."));
            out.flush();
            return 0;
        }
        printer.schema(result.schema(), result.schemaStatements(), db.dialect());
        printer.plan(result.plan(), result.fromBackup(), sql || output.verbose(), new TablePreview(db.dialect()).of(compiled, db),
                db.dialect().engineName());
        out.println();
        if (result.appliedChecksum().isEmpty()) {
            out.println(withOptions("Not applied yet. Apply with: mapper apply " + mapping.file()));
        } else {
            out.println("Already applied with this exact mapping: apply would do nothing.");
        }
        out.flush();
        return 0;
    }

    private static Map<String, Object> json(Mapping mapping, DatabaseAddress db, Inspector.PlanResult result) {
        Map<String, Object> json = JsonShapes.envelope("plan", 0);
        json.putAll(JsonShapes.mapping(mapping));
        json.put("database", db.display());
        String applied = result.appliedChecksum().isEmpty() ? "pending" : result.revision().isEmpty() ? "applied" : "changed";
        json.put("state", applied);
        json.put("appliedChecksum", result.appliedChecksum().orElse(null));
        json.put("sources", JsonShapes.sources(result.plan(), result.fromBackup()));
        json.put("targets", JsonShapes.targets(result.plan().targets(), null));
        json.put("steps", JsonShapes.steps(result.plan().steps()));
        json.put("schema", JsonShapes.schema(result.schema(), result.schemaStatements()));
        json.put("warnings", dev.mapper.plan.NearMisses.find(mapping, result.plan().targets(), result.plan().sources()));
        json.put("revision", result.revision().map(JsonShapes::revision).orElse(null));
        json.put("tables", tables(result.plan().tables()));
        return json;
    }

    /** Each table target: its columns as the created table declares them, and how each is computed. */
    private static List<Map<String, Object>> tables(List<dev.mapper.plan.TablePlan> plans) {
        List<Map<String, Object>> tables = new java.util.ArrayList<>();
        for (dev.mapper.plan.TablePlan plan : plans) {
            Map<String, Object> table = new java.util.LinkedHashMap<>();
            table.put("table", plan.target().table());
            table.put("source", plan.target().source().table());
            table.put("key", plan.target().key());
            table.put("pushedDown", plan.pushedDown());
            List<Map<String, Object>> columns = new java.util.ArrayList<>();
            for (int i = 0; i < plan.target().declared().size(); i++) {
                dev.mapper.model.TableColumn c = plan.target().declared().get(i);
                var rule = plan.columns().stream().filter(p -> p.rule().name().equals(c.name())).findFirst();
                Map<String, Object> column = new java.util.LinkedHashMap<>();
                column.put("name", c.name());
                column.put("type", c.type().name());
                column.put("declaration", plan.declarations().get(i));
                column.put("nullable", c.nullable());
                column.put("autoincrement", c.autoincrement());
                column.put("how", rule.isEmpty() ? "assigned" : rule.get().pushed() ? "sql" : "java");
                columns.add(column);
            }
            table.put("columns", columns);
            tables.add(table);
        }
        return tables;
    }
}
