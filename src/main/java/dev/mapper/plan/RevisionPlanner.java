package dev.mapper.plan;

import dev.mapper.convert.Json;
import dev.mapper.convert.ConversionException;
import dev.mapper.db.Dialect;
import dev.mapper.diag.Diagnostic;
import dev.mapper.model.KeyRule;
import dev.mapper.model.Target;
import dev.mapper.plan.RevisionPlan.Action;
import dev.mapper.plan.RevisionPlan.KeyDecision;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An edited mapping over its applied revision → {@link RevisionPlan}. Pure. Each changed rule gets
 * a three-way comparison of the value the applied revision wrote, the value the target holds now,
 * and the value the edited rule computes: if the target still holds what was written, the new
 * value is written; if the app changed it since, it is a conflict unless the person chose
 * {@code --keep-changed} or {@code --overwrite-changed}. Added keys are written; removed keys are
 * deleted only with {@code --prune}; keys whose rule did not change are never touched.
 */
public final class RevisionPlanner {
    /** What to do with values the app changed since the applied revision. */
    public enum Resolution { ASK, KEEP_CHANGED, OVERWRITE_CHANGED }

    public record Options(Resolution resolution, boolean prune) {
        public static final Options DEFAULT = new Options(Resolution.ASK, false);
    }

    private final Dialect dialect;

    public RevisionPlanner(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * @param written what the applied revision wrote: its rules evaluated on the rows it backed up
     * @param stored  per target table, what it holds now (a document's object, or a rows target's {@link Stored.Row}s by key)
     * @param now     epoch seconds for the rows' updated_at
     */
    public RevisionPlan plan(int appliedRevision, MappingDiff diff, CompiledMapping next, Map<String, SourceData> sources,
            List<TargetValues> written, Map<String, Map<String, Object>> stored, Options options, long now) {
        List<TargetValues> computed = Evaluator.evaluate(next, sources);
        List<KeyDecision> decisions = new ArrayList<>();
        List<Diagnostic> problems = new ArrayList<>();
        Map<String, Map<String, Object>> expected = new HashMap<>();
        List<Step> writeSteps = new ArrayList<>();
        for (MappingDiff.TargetDiff td : diff.targets()) {
            Target target = td.after();
            Map<String, KeyValue> before = byKey(written, target.table());
            Map<String, KeyValue> after = byKey(computed, target.table());
            Map<String, Object> held = stored.get(target.table());
            Map<String, Object> writes = new LinkedHashMap<>();
            List<String> prunes = new ArrayList<>();
            for (KeyRule rule : target.rules()) {
                KeyDecision d = decide(appliedRevision, td, rule, before, after.get(rule.name()), held.get(rule.name()), options);
                decisions.add(d);
                if (d.action() == Action.ADD || d.action() == Action.WRITE) {
                    writes.put(rule.name(), d.next());
                } else if (d.action() == Action.CONFLICT) {
                    problems.add(Diagnostic.at(rule.pos(), target.table() + "." + rule.name() + ": conflict: revision " + appliedRevision + " wrote "
                            + Stored.render(d.written()) + ", the app has changed it to " + Stored.render(d.now()) + " since, and the edited rule computes "
                            + Stored.render(d.next()), null));
                } else if (d.action() == Action.KEEP && !d.change().equals("unchanged")) {
                    String problem = keptProblem(next, sources, target, rule, d.now());
                    if (problem != null) {
                        problems.add(Diagnostic.at(rule.pos(), target.table() + "." + rule.name() + ": the app's value " + Stored.render(d.now())
                                + " does not satisfy the edited rule: " + problem,
                                "change the value in the app, or the rule, or write the computed " + Stored.render(d.next()) + " with --overwrite-changed"));
                    }
                }
            }
            for (KeyRule rule : td.removed()) {
                Object held1 = held.get(rule.name());
                Action action = held1 == null ? Action.NONE : options.prune() ? Action.PRUNE : Action.LEAVE;
                String why = held1 == null ? "removed from the mapping; already absent from the target"
                        : options.prune() ? "removed from the mapping; deleted from the target (--prune)"
                        : "removed from the mapping; stays in the target (apply with --prune to delete it)";
                decisions.add(new KeyDecision(target.table(), rule.name(), "removed", action, null, held1, null, why));
                if (action == Action.PRUNE) {
                    prunes.add(rule.name());
                }
            }
            expected.put(target.table(), after(target, held, writes, prunes));
            writeSteps.addAll(steps(target, held, writes, prunes, expected.get(target.table()), now));
        }
        if (decisions.stream().anyMatch(d -> d.action() == Action.CONFLICT)) {
            long n = decisions.stream().filter(d -> d.action() == Action.CONFLICT).count();
            problems.add(Diagnostic.of(n + " value(s) were changed by the app since revision " + appliedRevision
                            + " and the edited mapping computes different ones; apply stops before writing anything",
                    "re-run with --keep-changed to keep the app's values, or with --overwrite-changed to write the edited mapping's values"));
        }
        List<Step> backupSteps = new Planner(dialect).backupSteps(next.mapping(), sources);
        return new RevisionPlan(appliedRevision, next, diff, sources, decisions, expected, backupSteps, writeSteps, problems);
    }

    private static KeyDecision decide(int revision, MappingDiff.TargetDiff td, KeyRule rule, Map<String, KeyValue> before, KeyValue computed,
            Object now, Options options) {
        Target target = td.after();
        String table = target.table();
        Object next = Stored.of(target, rule, computed.value());
        var changed = td.changed().stream().filter(c -> c.after().name().equals(rule.name())).findFirst();
        boolean added = td.added().contains(rule);
        KeyValue old = before.get(rule.name());
        Object written = added ? null : Stored.of(target, changed.map(MappingDiff.Changed::before).orElse(rule), old.value());
        String change = added ? "added" : changed.map(c -> "changed (" + String.join(", ", c.fields()) + ")").orElse("unchanged");
        String wrote = "revision " + revision + " wrote " + Stored.render(written);
        if (changed.isEmpty() && !added) {
            String why = Stored.same(now, written) ? "rule unchanged" : "rule unchanged; the app changed it since (" + wrote + "): kept";
            return new KeyDecision(table, rule.name(), change, Stored.same(now, written) ? Action.NONE : Action.KEEP, written, now, next, why);
        }
        if (Stored.same(now, next)) {
            return new KeyDecision(table, rule.name(), change, Action.NONE, written, now, next, "the target already holds this value");
        }
        if (Stored.same(now, written)) {
            String why = added ? "added; " + computed.origin() : "untouched since " + wrote + "; now " + computed.origin();
            return new KeyDecision(table, rule.name(), change, added ? Action.ADD : Action.WRITE, written, now, next, why);
        }
        String appChanged = "the app changed it since (" + (added ? "the key is new to the mapping" : wrote) + ")";
        if (!added && Stored.same(written, next)) {
            return new KeyDecision(table, rule.name(), change, Action.KEEP, written, now, next, appChanged + "; the edit computes the same value as before: kept");
        }
        return switch (options.resolution()) {
            case KEEP_CHANGED -> new KeyDecision(table, rule.name(), change, Action.KEEP, written, now, next, appChanged + ": kept (--keep-changed)");
            case OVERWRITE_CHANGED -> new KeyDecision(table, rule.name(), change, Action.WRITE, written, now, next,
                    appChanged + ": overwritten (--overwrite-changed); now " + computed.origin());
            case ASK -> new KeyDecision(table, rule.name(), change, Action.CONFLICT, written, now, next,
                    appChanged + ": conflict, choose --keep-changed or --overwrite-changed");
        };
    }

    /** Why a value the app changed does not satisfy the edited rule, or null. */
    private static String keptProblem(CompiledMapping next, Map<String, SourceData> sources, Target target, KeyRule rule, Object now) {
        try {
            return Evaluator.problemWith(next, sources, target, rule, Stored.typed(target, rule, now));
        } catch (ConversionException e) {
            return e.getMessage();
        }
    }

    /** The target after the revision: the mapping's keys in order, then the other keys it held. */
    private static Map<String, Object> after(Target target, Map<String, Object> held, Map<String, Object> writes, List<String> prunes) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (KeyRule rule : target.rules()) {
            Object value = writes.containsKey(rule.name()) ? writes.get(rule.name()) : held.get(rule.name());
            if (value != null) {
                result.put(rule.name(), value);
            }
        }
        held.forEach((key, value) -> {
            if (!result.containsKey(key) && !prunes.contains(key)) {
                result.put(key, value);
            }
        });
        return result;
    }

    private List<Step> steps(Target target, Map<String, Object> held, Map<String, Object> writes, List<String> prunes,
            Map<String, Object> after, long now) {
        String table = dialect.quote(target.table());
        List<Step> steps = new ArrayList<>();
        if (target instanceof Target.Document doc) {
            if (!writes.isEmpty() || !prunes.isEmpty()) {
                steps.add(new Step("UPDATE " + table + " SET value = ?, updated_at = ? WHERE key = ?",
                        List.of(Json.write(after), now, doc.key())));
            }
            return steps;
        }
        writes.forEach((key, value) -> {
            Stored.Row row = (Stored.Row) value;
            steps.add(held.containsKey(key)
                    ? new Step("UPDATE " + table + " SET value = ?, type = ?, updated_at = ? WHERE key = ?", List.of(row.text(), row.type(), now, key))
                    : new Step("INSERT INTO " + table + " (key, value, type) VALUES (?, ?, ?)", List.of(key, row.text(), row.type())));
        });
        prunes.forEach(key -> steps.add(new Step("DELETE FROM " + table + " WHERE key = ?", List.of(key))));
        return steps;
    }

    private static Map<String, KeyValue> byKey(List<TargetValues> values, String table) {
        Map<String, KeyValue> map = new HashMap<>();
        values.stream().filter(v -> v.target().table().equals(table)).forEach(v -> v.values().forEach(kv -> map.put(kv.rule().name(), kv)));
        return map;
    }
}
