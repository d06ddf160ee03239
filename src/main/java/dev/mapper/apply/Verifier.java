package dev.mapper.apply;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mapper.apply.history.BackupTable;
import dev.mapper.convert.Converter;
import dev.mapper.convert.Json;
import dev.mapper.db.Dialect;
import dev.mapper.model.KeyRule;
import dev.mapper.model.Mapping;
import dev.mapper.model.Source;
import dev.mapper.model.Target;
import dev.mapper.model.ValueType;
import dev.mapper.plan.CompiledMapping;
import dev.mapper.plan.Evaluator;
import dev.mapper.plan.KeyValue;
import dev.mapper.plan.Planner;
import dev.mapper.plan.SourceData;
import dev.mapper.plan.SourceRow;
import dev.mapper.plan.Stored;
import dev.mapper.plan.TargetValues;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks what is in the target tables against what the mapping computes from the backup rows:
 * every key present, with its declared JSON type and exactly the computed value, and no other keys.
 * Used inside the apply transaction (before commit) and by the {@code verify} command.
 */
public final class Verifier {
    private final Dialect dialect;
    private final Connection connection;

    public Verifier(Dialect dialect, Connection connection) {
        this.dialect = dialect;
        this.connection = connection;
    }

    /**
     * The differences found (empty when everything matches), and how many keys were compared.
     * {@code about.get(i)} is the {@code table.key} that {@code differences.get(i)} is about, or
     * the table for a difference about the whole target.
     */
    public record Result(List<String> differences, List<String> about, int keysChecked, int targets) {
        boolean ok() {
            return differences.isEmpty();
        }
    }

    /** Source data rebuilt from the backup table alone. */
    public Map<String, SourceData> sourcesFromBackup(Mapping mapping) throws SQLException {
        BackupTable backup = new BackupTable(dialect, connection, mapping);
        Map<String, SourceData> sources = new LinkedHashMap<>();
        for (Source source : mapping.sources()) {
            sources.put(source.name(), SourceData.of(source, backup.rowsFor(source)));
        }
        return sources;
    }

    /** Differences between the rows read and what the backup table holds for them. */
    public static List<String> backupDifferences(Map<String, SourceData> read, Map<String, SourceData> backedUp) {
        List<String> differences = new ArrayList<>();
        read.forEach((name, data) -> {
            List<SourceRow> saved = backedUp.get(name).rows();
            if (!saved.equals(data.rows())) {
                differences.add("the backup rows of source '" + name + "' differ from the rows read (" + data.rows().size()
                        + " read, " + saved.size() + " in the backup table)");
            }
        });
        return differences;
    }

    public Result check(CompiledMapping compiled, Map<String, SourceData> sources) throws SQLException {
        List<TargetValues> expected = Evaluator.evaluate(compiled, sources);
        List<String> differences = new ArrayList<>();
        List<String> about = new ArrayList<>();
        int keys = 0;
        for (TargetValues values : expected) {
            Target target = values.target();
            Map<String, Object> actual = actual(target, differences);
            while (about.size() < differences.size()) {
                about.add(target.table());
            }
            if (actual == null) {
                continue;
            }
            for (KeyValue kv : values.values()) {
                keys++;
                String where = target.table() + "." + kv.rule().name();
                if (!actual.containsKey(kv.rule().name())) {
                    differences.add(where + " is missing (expected " + Converter.render(kv.value()) + ")");
                    about.add(where);
                    continue;
                }
                Object found = actual.remove(kv.rule().name());
                String typeProblem = Stored.typeProblem(kv.rule().type(), found);
                if (typeProblem != null) {
                    differences.add(where + " is " + Converter.render(found) + " (" + typeProblem + "), expected " + Converter.render(kv.value()));
                    about.add(where);
                } else if (!Json.same(kv.value(), found)) {
                    differences.add(where + " is " + Converter.render(found) + ", expected " + Converter.render(kv.value()));
                    about.add(where);
                }
            }
            if (target instanceof Target.Document d && d.inPlace()) {
                continue; // evolved in place: the keys the mapping does not name are the app's or an earlier migration's
            }
            for (String extra : actual.keySet()) {
                differences.add(target.table() + "." + extra + " is not in the mapping");
                about.add(target.table() + "." + extra);
            }
        }
        return new Result(differences, about, keys, expected.size());
    }

    /** The target's keys and values as stored (parsed back from text), or null if the target is missing. */
    private Map<String, Object> actual(Target target, List<String> differences) throws SQLException {
        if (!dialect.tableExists(connection, target.table())) {
            differences.add("table " + target.table() + " does not exist");
            return null;
        }
        String table = dialect.quote(target.table());
        Map<String, Object> actual = new LinkedHashMap<>();
        if (target instanceof Target.Document doc) {
            try (PreparedStatement ps = connection.prepareStatement("SELECT value FROM " + table + " WHERE key = ?")) {
                ps.setString(1, doc.key());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        differences.add(target.table() + " has no row '" + doc.key() + "'");
                        return null;
                    }
                    Object parsed = parse(rs.getString(1), target.table() + " row '" + doc.key() + "'", differences);
                    if (parsed instanceof Map<?, ?> map) {
                        map.forEach((k, v) -> actual.put((String) k, v));
                        return actual;
                    }
                    if (parsed != null) {
                        differences.add(target.table() + " row '" + doc.key() + "' holds JSON " + Json.typeOf(parsed) + ", not an object");
                    }
                    return null;
                }
            }
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT key, value, type FROM " + table + " ORDER BY key");
                ResultSet rs = ps.executeQuery()) {
            Map<String, KeyRule> rules = new LinkedHashMap<>();
            target.rules().forEach(r -> rules.put(r.name(), r));
            while (rs.next()) {
                String key = rs.getString(1);
                KeyRule rule = rules.get(key);
                if (rule == null) {
                    continue; // rows targets may hold rows that other migrations or the app own
                }
                if (!rule.type().name().equals(rs.getString(3))) {
                    differences.add(target.table() + "." + key + " has type '" + rs.getString(3) + "', expected '" + rule.type().name() + "'");
                }
                actual.put(key, fromText(rule.type(), rs.getString(2), target.table() + "." + key, differences));
            }
        }
        return actual;
    }

    /** Rows targets store text; read it back with the same rules the writer used. */
    private static Object fromText(ValueType type, String text, String where, List<String> differences) {
        try {
            if (type == ValueType.JSON) {
                return Json.parse(text);
            }
            Object value = Converter.convert(text, type);
            return text.equals(Planner.asText(value)) ? value : text;
        } catch (Exception e) {
            differences.add(where + " holds " + Converter.render(text) + ", which is not a " + type.name());
            return text;
        }
    }

    private static Object parse(String text, String where, List<String> differences) {
        try {
            return Json.parse(text);
        } catch (JsonProcessingException e) {
            differences.add(where + " is not valid JSON: " + e.getOriginalMessage());
            return null;
        }
    }
}
