package dev.mapper.cli;

import dev.mapper.diag.Diagnostic;
import dev.mapper.model.Mapping;
import dev.mapper.model.Source;
import dev.mapper.model.Target;
import dev.mapper.plan.KeyValue;
import dev.mapper.plan.Plan;
import dev.mapper.plan.RevisionPlan;
import dev.mapper.plan.SourceData;
import dev.mapper.plan.Step;
import dev.mapper.plan.Stored;
import dev.mapper.plan.TargetValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of {@code --json} output and JSON reports, as ordered maps Jackson writes. The shape is
 * documented in docs/json-output.md and kept stable: fields are only ever added.
 */
final class JsonShapes {
    /** Bumped only if a field is removed or changes meaning. */
    static final int FORMAT = 1;

    private JsonShapes() {}

    static Map<String, Object> envelope(String command, int exitCode) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.put("command", command);
        json.put("ok", exitCode == 0);
        json.put("exitCode", exitCode);
        return json;
    }

    static Map<String, Object> mapping(Mapping mapping) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("migration", mapping.migration());
        json.put("name", mapping.name());
        json.put("file", mapping.file());
        json.put("checksum", mapping.checksum());
        return json;
    }

    static List<Map<String, Object>> sources(Plan plan, List<String> fromBackup) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Source source : plan.compiled().mapping().sources()) {
            SourceData data = plan.sources().get(source.name());
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", source.name());
            json.put("table", source.table());
            json.put("describe", source.describe());
            json.put("state", !data.present() ? "missing" : fromBackup.contains(source.name()) ? "from_backup" : "found");
            json.put("rows", data.rows().size());
            list.add(json);
        }
        return list;
    }

    /** Every target with every key; {@code verified} is true/false once verification ran, else null. */
    static List<Map<String, Object>> targets(List<TargetValues> targets, Boolean verified) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (TargetValues values : targets) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("table", values.target().table());
            json.put("shape", values.target() instanceof Target.Document ? "document" : "rows");
            List<Map<String, Object>> keys = new ArrayList<>();
            for (KeyValue v : values.values()) {
                Map<String, Object> key = new LinkedHashMap<>();
                key.put("key", v.rule().name());
                key.put("type", v.rule().type().name());
                key.put("value", v.value());
                key.put("source", v.origin());
                key.put("sourceValue", v.sourceValue());
                key.put("defaulted", v.defaulted());
                key.put("verified", verified);
                keys.add(key);
            }
            json.put("keys", keys);
            list.add(json);
        }
        return list;
    }

    /** Each schema change: {@code object} (column models.favorite), {@code declaration}, {@code action} (add, or present: declared the same already), {@code sql}. */
    static List<Object> schema(List<dev.mapper.change.Change> changes, List<String> statements) {
        List<Object> list = new java.util.ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            dev.mapper.change.Change c = changes.get(i);
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("object", c.object());
            m.put("declaration", c instanceof dev.mapper.change.Change.ColumnAdded a ? a.declaration().render()
                    : c instanceof dev.mapper.change.Change.ColumnRedeclared r ? r.after().render()
                    : c instanceof dev.mapper.change.Change.IndexCreated x ? x.index().describe() : ((dev.mapper.change.Change.Satisfied) c).declaration());
            if (c instanceof dev.mapper.change.Change.ColumnAdded a && a.computedBy() != null) {
                m.put("computed", a.computedBy());
            }
            if (c instanceof dev.mapper.change.Change.ColumnRedeclared r) {
                m.put("was", r.before().render());
            }
            m.put("action", statements.get(i) == null ? "present" : c instanceof dev.mapper.change.Change.ColumnRedeclared ? "redeclare" : "add");
            m.put("sql", statements.get(i));
            list.add(m);
        }
        return list;
    }

    /** A table target's first rows: {@code before} (the source columns read), {@code after} (the target row, null when it fails), {@code error}. */
    static List<Map<String, Object>> preview(dev.mapper.apply.table.TablePreview.Preview preview) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (dev.mapper.apply.table.TablePreview.Row row : preview.rows()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("before", row.before());
            json.put("after", row.after());
            json.put("error", row.error());
            rows.add(json);
        }
        return rows;
    }

    static List<Map<String, Object>> steps(List<Step> steps) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Step step : steps) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("sql", step.sql());
            json.put("params", step.params());
            list.add(json);
        }
        return list;
    }

    static List<Map<String, Object>> errors(List<Diagnostic> diagnostics) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Diagnostic d : diagnostics) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("file", d.pos() == null ? null : d.pos().file());
            json.put("line", d.pos() == null ? null : d.pos().line());
            json.put("column", d.pos() == null ? null : d.pos().column());
            json.put("message", d.message());
            json.put("hint", d.hint());
            list.add(json);
        }
        return list;
    }

    /** An edited mapping's new revision over the applied one: per key the change, the action, the three values (stored form) and why. */
    static Map<String, Object> revision(RevisionPlan plan) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("appliedRevision", plan.appliedRevision());
        json.put("revision", plan.revision());
        json.put("added", plan.diff().added());
        json.put("changed", plan.diff().changed());
        json.put("removed", plan.diff().removed());
        List<Object> keys = new ArrayList<>();
        for (RevisionPlan.KeyDecision d : plan.decisions()) {
            Map<String, Object> key = new LinkedHashMap<>();
            key.put("target", d.table());
            key.put("key", d.key());
            key.put("change", d.change());
            key.put("action", d.action().name().toLowerCase());
            key.put("written", storedJson(d.written()));
            key.put("now", storedJson(d.now()));
            key.put("next", storedJson(d.next()));
            key.put("why", d.why());
            keys.add(key);
        }
        json.put("keys", keys);
        json.put("steps", steps(java.util.stream.Stream.concat(plan.backupSteps().stream(), plan.writeSteps().stream()).toList()));
        return json;
    }

    /** A rows target's stored value is its text; a document's is the JSON value. */
    private static Object storedJson(Object stored) {
        return stored instanceof Stored.Row row ? row.text() : stored;
    }
}
