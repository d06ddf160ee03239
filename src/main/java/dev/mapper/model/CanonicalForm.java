package dev.mapper.model;

import dev.mapper.convert.Json;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A mapping as data with nothing a person can change without changing its meaning: no positions,
 * comments, whitespace, spelling ({@code from: a} is {@code from: [a]}), field order or key order.
 * Its SHA-256 is the mapping's checksum, so "has the applied mapping changed?" compares meaning,
 * not bytes. The {@code database:} field is left out: it says where, not what ({@code --db} overrides it).
 */
public final class CanonicalForm {
    private CanonicalForm() {}

    public static String of(Mapping mapping) {
        Map<String, Object> top = new TreeMap<>();
        top.put("migration", mapping.migration());
        top.put("name", mapping.name());
        top.put("backup", mapping.backupTable());
        Map<String, Object> sources = new TreeMap<>();
        mapping.sources().forEach(s -> sources.put(s.name(), source(s)));
        top.put("sources", sources);
        Map<String, Object> targets = new TreeMap<>();
        mapping.targets().forEach(t -> targets.put(t.table(), target(t)));
        top.put("targets", targets);
        if (!mapping.tables().isEmpty()) {
            top.put("tables", tables(mapping));
        }
        top.put("retire", mapping.retire().stream().sorted().toList());
        if (!mapping.appends().isEmpty()) { // only then: earlier mappings keep their checksums
            Map<String, Object> appends = new TreeMap<>();
            mapping.appends().forEach(a -> {
                Map<String, Object> columns = new TreeMap<>();
                a.columns().forEach(r -> columns.put(r.name(), rule(r)));
                appends.put(a.table(), columns);
            });
            top.put("append", appends);
        }
        if (mapping.changesSchema()) { // only then: the checksums of mappings written before these fields existed stay the same
            Map<String, Object> columns = new TreeMap<>();
            mapping.columns().forEach(c -> columns.put(c.qualified(), c.computed() // a rule only then: earlier columns keep their checksums
                    ? List.of(c.declaration().type(), String.valueOf(c.declaration().defaultSql()), c.declaration().notNull(), rule(c.rule()))
                    : List.of(c.declaration().type(), String.valueOf(c.declaration().defaultSql()), c.declaration().notNull())));
            top.put("columns", columns);
            Map<String, Object> indexes = new TreeMap<>();
            mapping.indexes().forEach(i -> indexes.put(i.name(), i.describe()));
            top.put("indexes", indexes);
        }
        return Json.write(top);
    }

    /** The table targets ({@code shape: table}) by table name. */
    public static Map<String, Object> tables(Mapping mapping) {
        Map<String, Object> tables = new TreeMap<>();
        mapping.tables().forEach(t -> tables.put(t.table(), table(t)));
        return tables;
    }

    public static String checksum(Mapping mapping) {
        return MappingReader.sha256(of(mapping));
    }

    /** A source's definition (its name left out). */
    public static Map<String, Object> source(Source source) {
        Map<String, Object> map = new TreeMap<>();
        map.put("table", source.table());
        if (source instanceof Source.Document d) {
            map.put("shape", "document");
            map.put("key", d.key());
            map.put("key_column", d.keyColumn());
            map.put("value_column", d.valueColumn());
            if (!d.dropped().isEmpty()) { // only then: earlier mappings keep their checksums
                map.put("dropped", d.dropped().stream().sorted().toList());
            }
        } else if (source instanceof Source.Rows r) {
            map.put("shape", "rows");
            if (!r.dropped().isEmpty()) {
                map.put("dropped", r.dropped().stream().sorted().toList());
            }
            map.put("key_column", r.keyColumn());
            map.put("value_column", r.valueColumn());
        } else {
            map.put("shape", "columns");
        }
        return map;
    }

    /** A target's shape, row key and index (its keys left out). */
    public static Map<String, Object> targetShape(Target target) {
        Map<String, Object> map = new TreeMap<>();
        map.put("shape", target instanceof Target.Document ? "document" : "rows");
        map.put("index", target.index());
        if (target instanceof Target.Document d) {
            map.put("key", d.key());
            if (d.inPlace()) {
                map.put("in_place", true);
            }
        }
        return map;
    }

    private static Map<String, Object> target(Target target) {
        Map<String, Object> map = targetShape(target);
        Map<String, Object> keys = new TreeMap<>();
        target.rules().forEach(r -> keys.put(r.name(), rule(r)));
        map.put("keys", keys);
        return map;
    }

    private static Map<String, Object> table(TableTarget target) {
        Map<String, Object> map = new TreeMap<>();
        Map<String, Object> source = new TreeMap<>();
        source.put("name", target.source().name());
        source.put("table", target.source().table());
        source.put("where", target.source().where() == null ? null : target.source().where().strip());
        map.put("source", source);
        map.put("key", target.key());
        map.put("index", target.index());
        Map<String, Object> columns = new TreeMap<>();
        target.columns().forEach(r -> columns.put(r.name(), rule(r)));
        map.put("columns", columns);
        map.put("order", target.columns().stream().map(KeyRule::name).toList()); // column order is the table's schema
        if (target.declared().stream().anyMatch(c -> c.nullable() || c.autoincrement())) { // only then: earlier mappings keep their checksums
            map.put("declared", target.declared().stream().map(c -> c.name() + (c.nullable() ? " nullable" : "") + (c.autoincrement() ? " autoincrement" : "")).toList());
        }
        return map;
    }

    /** One key's rule, field by field (the name left out); absent fields are null. */
    public static Map<String, Object> rule(KeyRule rule) {
        Map<String, Object> map = new TreeMap<>();
        map.put("from", rule.from().stream().map(SourcePath::toString).toList());
        map.put("type", rule.type() instanceof ValueType.Enum e ? Map.of("enum", e.values()) : rule.type().name());
        map.put("default", plain(rule.defaultValue()));
        map.put("min", plain(rule.min()));
        map.put("max", plain(rule.max()));
        map.put("transform", rule.transform() == null ? null : rule.transform().text().strip());
        map.put("check", rule.check() == null ? null : rule.check().text().strip());
        if (rule.blankIsAbsent() != (rule.type() == ValueType.PATH)) { // only then: earlier mappings keep their checksums
            map.put("blank", rule.blankIsAbsent() ? "absent" : "value");
        }
        return map;
    }

    /** Numbers by value (0.70 is 0.7, 1 is 1.0), objects with sorted keys. */
    private static Object plain(Object value) {
        if (value instanceof Long || value instanceof Integer) {
            return plain(BigDecimal.valueOf(((Number) value).longValue()));
        }
        if (value instanceof BigDecimal d) {
            return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> sorted = new TreeMap<>();
            m.forEach((k, v) -> sorted.put(String.valueOf(k), plain(v)));
            return sorted;
        }
        if (value instanceof List<?> l) {
            return l.stream().map(CanonicalForm::plain).toList();
        }
        return value;
    }
}
