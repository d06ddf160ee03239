package dev.mapper.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mapper.convert.Json;
import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.MapperException;
import dev.mapper.model.Source;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one source holds, built from its rows. Built the same way from live rows (apply) and from
 * backup rows (verify, rollback), so both compute exactly the same values.
 *
 * @param values  the document's fields / the rows by key / the columns by name; null if the row is missing
 * @param rows    the rows it was built from, in the order read
 * @param savedIn null when read from the source table; else the backup table the rows were read from
 *                (the source rows are gone), which messages must name: that is where a bad value is
 */
public record SourceData(Source source, Map<String, Object> values, List<SourceRow> rows, String savedIn) {
    public SourceData {
        rows = List.copyOf(rows);
        values = values == null ? null : frozen(values);
    }

    /**
     * A read-only deep copy: transforms and checks see these maps, and a method call such as
     * {@code server.obj.clear()} must not change what later keys read.
     */
    @SuppressWarnings("unchecked")
    private static <T> T frozen(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, frozen(v)));
            return (T) Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            return (T) list.stream().map(SourceData::frozen).toList(); // unmodifiable, keeps nulls
        }
        return value;
    }

    public boolean present() {
        return values != null;
    }

    /** For messages: where the values were read, {@code server_config row 'config'} or its copy in a backup table. */
    public String describe() {
        return savedIn == null ? source.describe() : "the copy of " + source.describe() + " in backup table " + savedIn;
    }

    /** For messages after a value: empty when read from the source table, else {@code , read from backup table …: … is gone}. */
    public String readFrom() {
        return savedIn == null ? "" : ", read from backup table " + savedIn + ": " + source.describe() + " is gone";
    }

    /** Built from the source table's rows. */
    public static SourceData of(Source source, List<SourceRow> rows) {
        return of(source, rows, null);
    }

    /** @param savedIn the backup table the rows were read from, or null for the source table */
    public static SourceData of(Source source, List<SourceRow> rows, String savedIn) {
        String where = savedIn == null ? source.describe() : "the copy of " + source.describe() + " in backup table " + savedIn;
        if (source instanceof Source.Document) {
            if (rows.isEmpty()) {
                return new SourceData(source, null, rows, savedIn);
            }
            SourceRow row = rows.get(rows.size() - 1);
            return new SourceData(source, parseObject(row.value(), where), rows, savedIn);
        }
        if (source instanceof Source.Rows) {
            Map<String, Object> byKey = new LinkedHashMap<>();
            rows.forEach(r -> byKey.put(r.key(), r.value()));
            return new SourceData(source, byKey, rows, savedIn);
        }
        if (rows.isEmpty()) {
            return new SourceData(source, null, rows, savedIn);
        }
        return new SourceData(source, parseObject(rows.get(0).value(), where), rows, savedIn);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parseObject(String text, String where) {
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (JsonProcessingException e) {
            throw MapperException.data(List.of(Diagnostic.of(where + " does not hold valid JSON: " + e.getOriginalMessage(),
                    "fix the stored value so it is one JSON object, or restore it from a backup")));
        }
        if (!(parsed instanceof Map<?, ?>)) {
            throw MapperException.data(List.of(Diagnostic.of(where + " holds JSON " + Json.typeOf(parsed) + ", not an object",
                    "a document source must hold one JSON object, e.g. {\"port\": 8080}")));
        }
        return (Map<String, Object>) parsed;
    }

    /** The value at a path, or null when the row, the field or an intermediate object is missing. */
    public Object lookup(List<String> path) {
        Object current = values;
        for (String segment : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(segment);
        }
        return current;
    }
}
