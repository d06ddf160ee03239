package dev.mapper.plan;

import dev.mapper.model.CanonicalForm;
import dev.mapper.model.KeyRule;
import dev.mapper.model.Mapping;
import dev.mapper.model.Source;
import dev.mapper.model.SourcePath;
import dev.mapper.model.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What changed between an applied revision of a mapping and the file, per target key: added,
 * changed rule (and which fields), removed. Compares the parsed rules, so comments, whitespace
 * and order are not changes. Edits a revision cannot apply in place (a target's shape, the backup
 * table, the retired sources, targets added or removed, table targets) are listed in {@link #unsupported()}.
 */
public record MappingDiff(List<TargetDiff> targets, List<String> unsupported) {
    public MappingDiff {
        targets = List.copyOf(targets);
        unsupported = List.copyOf(unsupported);
    }

    /** A key whose rule changed; {@code fields} names what: source, type, default, min/max, transform, check. */
    public record Changed(KeyRule before, KeyRule after, List<String> fields) {
        public Changed {
            fields = List.copyOf(fields);
        }
    }

    /** One target's keys, each list in mapping order. */
    public record TargetDiff(Target before, Target after, List<KeyRule> added, List<Changed> changed, List<KeyRule> removed,
            List<KeyRule> unchanged) {
        public TargetDiff {
            added = List.copyOf(added);
            changed = List.copyOf(changed);
            removed = List.copyOf(removed);
            unchanged = List.copyOf(unchanged);
        }
    }

    public static MappingDiff of(Mapping applied, Mapping file) {
        List<String> unsupported = new ArrayList<>();
        if (!applied.backupTable().equals(file.backupTable())) {
            unsupported.add("the backup table changed from " + applied.backupTable() + " to " + file.backupTable());
        }
        if (!applied.retire().stream().sorted().toList().equals(file.retire().stream().sorted().toList())) {
            unsupported.add("'retire' changed from " + applied.retire() + " to " + file.retire());
        }
        if (!CanonicalForm.tables(applied).equals(CanonicalForm.tables(file))) {
            unsupported.add("the table targets (shape: table) changed");
        }
        Map<String, Target> before = new LinkedHashMap<>();
        applied.targets().forEach(t -> before.put(t.table(), t));
        List<TargetDiff> targets = new ArrayList<>();
        for (Target after : file.targets()) {
            Target old = before.remove(after.table());
            if (old == null) {
                unsupported.add("target " + after.table() + " was added");
            } else if (!CanonicalForm.targetShape(old).equals(CanonicalForm.targetShape(after))) {
                unsupported.add("target " + after.table() + " changed its shape, row key or index");
            } else {
                targets.add(compare(applied, file, old, after));
            }
        }
        before.keySet().forEach(table -> unsupported.add("target " + table + " was removed"));
        return new MappingDiff(targets, unsupported);
    }

    private static TargetDiff compare(Mapping applied, Mapping file, Target before, Target after) {
        Map<String, KeyRule> old = new LinkedHashMap<>();
        before.rules().forEach(r -> old.put(r.name(), r));
        List<KeyRule> added = new ArrayList<>();
        List<Changed> changed = new ArrayList<>();
        List<KeyRule> unchanged = new ArrayList<>();
        for (KeyRule rule : after.rules()) {
            KeyRule was = old.remove(rule.name());
            if (was == null) {
                added.add(rule);
                continue;
            }
            List<String> fields = changedFields(applied, was, file, rule);
            if (fields.isEmpty()) {
                unchanged.add(rule);
            } else {
                changed.add(new Changed(was, rule, fields));
            }
        }
        return new TargetDiff(before, after, added, changed, List.copyOf(old.values()), unchanged);
    }

    private static List<String> changedFields(Mapping applied, KeyRule was, Mapping file, KeyRule now) {
        Map<String, Object> a = CanonicalForm.rule(was);
        Map<String, Object> b = CanonicalForm.rule(now);
        List<String> fields = new ArrayList<>();
        if (!a.get("from").equals(b.get("from")) || sourceRedefined(applied, was, file, now)) {
            fields.add("source");
        }
        for (String field : List.of("type", "default")) {
            if (!Objects.equals(a.get(field), b.get(field))) {
                fields.add(field);
            }
        }
        if (!Objects.equals(a.get("min"), b.get("min")) || !Objects.equals(a.get("max"), b.get("max"))) {
            fields.add("min/max");
        }
        for (String field : List.of("transform", "check")) {
            if (!Objects.equals(a.get(field), b.get(field))) {
                fields.add(field);
            }
        }
        return fields;
    }

    /** Whether a source either rule reads (its {@code from} paths' sources, or every source for a rule with an expression) is defined differently. */
    private static boolean sourceRedefined(Mapping applied, KeyRule was, Mapping file, KeyRule now) {
        Set<String> names = new TreeSet<>(sourcesRead(applied, was));
        names.addAll(sourcesRead(file, now));
        for (String name : names) {
            if (!applied.source(name).map(CanonicalForm::source).equals(file.source(name).map(CanonicalForm::source))) {
                return true;
            }
        }
        return false;
    }

    private static List<String> sourcesRead(Mapping mapping, KeyRule rule) {
        if (rule.transform() != null || rule.check() != null) {
            return mapping.sources().stream().map(Source::name).toList();
        }
        return rule.from().stream().map(SourcePath::source).toList();
    }

    public boolean isEmpty() {
        return unsupported.isEmpty() && targets.stream().allMatch(t -> t.added().isEmpty() && t.changed().isEmpty() && t.removed().isEmpty());
    }

    public int added() {
        return targets.stream().mapToInt(t -> t.added().size()).sum();
    }

    public int changed() {
        return targets.stream().mapToInt(t -> t.changed().size()).sum();
    }

    public int removed() {
        return targets.stream().mapToInt(t -> t.removed().size()).sum();
    }

    /** {@code +1 key, ~1 rule, -0 keys}. */
    public String summary() {
        return "+" + plural(added(), "key") + ", ~" + plural(changed(), "rule") + ", -" + plural(removed(), "key");
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    public Optional<TargetDiff> target(String table) {
        return targets.stream().filter(t -> t.after().table().equals(table)).findFirst();
    }
}
