package dev.mapper.cli;

import dev.mapper.change.Change;
import dev.mapper.apply.table.TablePreview;
import dev.mapper.convert.Converter;
import dev.mapper.model.Mapping;
import dev.mapper.model.Target;
import dev.mapper.plan.KeyValue;
import dev.mapper.plan.MappingDiff;
import dev.mapper.plan.NearMisses;
import dev.mapper.plan.Plan;
import dev.mapper.plan.RevisionPlan;
import dev.mapper.plan.SourceData;
import dev.mapper.plan.Step;
import dev.mapper.plan.Stored;
import dev.mapper.plan.TargetValues;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** How plans and results read on a terminal. */
final class Printer {
    /** The SQL (some statements hold whole JSON documents) would bury the answer: listed only on request. */
    private static final String HOW_TO_SEE_SQL = " (mapper plan --sql lists them; apply --verbose prints each as it runs)";

    private final PrintWriter out;

    Printer(PrintWriter out) {
        this.out = out;
    }

    void header(Mapping mapping, dev.mapper.db.DatabaseAddress db) {
        out.println("Migration " + mapping.migration() + " (" + mapping.name() + ") from " + mapping.file()
                + ", sha256 " + mapping.checksum().substring(0, 12));
        out.println("Database  " + db.display());
    }

    void sources(Mapping mapping, Map<String, SourceData> sources, List<String> fromBackup) {
        out.println();
        out.println("Sources");
        int width = mapping.sources().stream().mapToInt(s -> s.name().length()).max().orElse(0);
        for (var source : mapping.sources()) {
            SourceData data = sources.get(source.name());
            String state = !data.present() ? "missing: its keys take their defaults"
                    : (fromBackup.contains(source.name()) ? "gone from the table; read from backup table " + mapping.backupTable()
                            : "found (" + data.values().size() + (source instanceof dev.mapper.model.Source.Rows ? " rows)" : " fields)"));
            out.printf("  %-" + width + "s  %s: %s%n", source.name(), source.describe(), state);
        }
    }

    /** An edited mapping over its applied revision: per key what changed, what apply does and why. */
    void revision(RevisionPlan plan, List<String> fromBackup, boolean listSql) {
        Mapping mapping = plan.compiled().mapping();
        out.println();
        out.println("Revision  " + plan.revision() + " of migration " + mapping.migration() + ", over applied revision " + plan.appliedRevision()
                + ": " + plan.diff().summary());
        sources(mapping, plan.sources(), fromBackup);
        out.println();
        out.println("Changes   (+ added, ~ changed rule, - removed, = rule unchanged; values as stored)");
        for (MappingDiff.TargetDiff td : plan.diff().targets()) {
            List<RevisionPlan.KeyDecision> shown = plan.decisions().stream()
                    .filter(d -> d.table().equals(td.after().table()))
                    .filter(d -> !(d.change().equals("unchanged") && d.action() == RevisionPlan.Action.NONE)).toList();
            Target t = td.after();
            out.println("  " + t.table() + (t instanceof Target.Document d ? " (one JSON document, row '" + d.key() + "')" : " (one row per key)")
                    + (shown.isEmpty() ? ": no change" : ""));
            int keyWidth = shown.stream().mapToInt(d -> d.key().length()).max().orElse(0);
            int valueWidth = Math.min(40, shown.stream().mapToInt(d -> Stored.render(shownValue(d)).length()).max().orElse(0));
            for (RevisionPlan.KeyDecision d : shown) {
                String mark = d.change().equals("added") ? "+" : d.change().equals("removed") ? "-" : d.change().equals("unchanged") ? "=" : "~";
                out.printf("    %s %-" + keyWidth + "s  %-8s %-" + valueWidth + "s  %s%n", mark, d.key(), d.action().name().toLowerCase(),
                        Stored.render(shownValue(d)), (d.change().startsWith("changed") ? d.change() + ": " : "") + d.why());
            }
        }
        out.println();
        List<Step> steps = new java.util.ArrayList<>(plan.backupSteps());
        steps.addAll(plan.writeSteps());
        if (!listSql) {
            out.println("Plan: " + steps.size() + " SQL steps in one transaction, after saving every row they touch for rollback" + HOW_TO_SEE_SQL);
            out.flush();
            return;
        }
        out.println("Plan: " + steps.size() + " SQL steps in one transaction, after saving every row they touch for rollback"
                + " (values are bound as parameters; shown inline here)");
        steps(steps);
        out.flush();
    }

    /** The value a key has after the revision: the one written, or the one kept. */
    private static Object shownValue(RevisionPlan.KeyDecision d) {
        return d.action() == RevisionPlan.Action.ADD || d.action() == RevisionPlan.Action.WRITE || d.action() == RevisionPlan.Action.CONFLICT
                ? d.next() : d.now();
    }

    /** The mapping's schema changes against this database: what will be added, and what is there already, declared the same. */
    void schema(List<Change> changes, List<String> statements, dev.mapper.db.Dialect dialect) {
        if (changes.isEmpty()) {
            return;
        }
        out.println();
        boolean redeclares = changes.stream().anyMatch(c -> c instanceof Change.ColumnRedeclared);
        out.println("Schema    (+ added by this migration, " + (redeclares ? "~ declared otherwise by this migration, " : "")
                + "= already there, declared the same: left alone)");
        int width = changes.stream().mapToInt(c -> c.object().length()).max().orElse(0);
        for (int i = 0; i < changes.size(); i++) {
            Change c = changes.get(i);
            String sign = statements.get(i) == null ? "=" : c instanceof Change.ColumnRedeclared ? "~" : "+";
            out.printf("  %s %-" + width + "s  %s%n", sign, c.object(), dev.mapper.change.SchemaChanges.describe(c, statements.get(i), dialect));
        }
        out.flush();
    }

    /** The rows appended to existing tables: table, then each column's value and where it came from. */
    void appends(List<dev.mapper.plan.AppendValues> rows) {
        for (dev.mapper.plan.AppendValues row : rows) {
            out.println();
            out.println("Append    one row to " + row.row().table());
            int width = row.values().stream().mapToInt(v -> v.rule().name().length()).max().orElse(0);
            for (KeyValue v : row.values()) {
                out.printf("    %-" + width + "s  %s  %s%n", v.rule().name(), Converter.render(v.value()), v.origin());
            }
        }
        out.flush();
    }

    /** @param engine the database's engine ({@code Dialect.engineName}): it assigns the ids of a table's autoincrement column */
    void plan(Plan plan, List<String> fromBackup, boolean listSql, List<TablePreview.Preview> previews, String engine) {
        if (!plan.compiled().mapping().sources().isEmpty()) {
            keyValuePlan(plan, fromBackup, listSql);
        }
        new TablePrinter(out, listSql, previews, engine).print(plan.tables());
        out.flush();
    }

    private void keyValuePlan(Plan plan, List<String> fromBackup, boolean listSql) {
        sources(plan.compiled().mapping(), plan.sources(), fromBackup);
        if (!plan.targets().isEmpty()) {
            out.println();
            out.println("Values");
        }
        for (TargetValues target : plan.targets()) {
            Target t = target.target();
            out.println("  " + t.table() + (t instanceof Target.Document d ? " (one JSON document, row '" + d.key() + "')" : " (one row per key)"));
            int keyWidth = target.values().stream().mapToInt(v -> v.rule().name().length()).max().orElse(0);
            int valueWidth = Math.min(40, target.values().stream().mapToInt(v -> Converter.render(v.value()).length()).max().orElse(0));
            for (KeyValue v : target.values()) {
                out.printf("    %-" + keyWidth + "s  %-" + valueWidth + "s  %s%n", v.rule().name(), Converter.render(v.value()), v.origin());
            }
        }
        List<String> nearMisses = NearMisses.find(plan.compiled().mapping(), plan.targets(), plan.sources());
        if (!nearMisses.isEmpty()) {
            out.println();
            nearMisses.forEach(line -> out.println("Warning   " + line));
        }
        out.println();
        if (!listSql) {
            out.println("Plan: " + plan.steps().size() + " SQL steps in one transaction" + HOW_TO_SEE_SQL);
            return;
        }
        out.println("Plan: " + plan.steps().size() + " SQL steps in one transaction (values are bound as parameters; shown inline here)");
        steps(plan.steps());
    }

    private void steps(List<Step> steps) {
        int n = 0;
        int digits = String.valueOf(steps.size()).length();
        for (Step step : steps) {
            out.printf("  %" + digits + "d. %s;%n", ++n, step.display());
        }
    }
}
