package dev.mapper.plan;

import dev.mapper.model.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every key value computed for one target, in the mapping's order. */
public record TargetValues(Target target, List<KeyValue> values) {
    public TargetValues {
        values = List.copyOf(values);
    }

    /** The values by key name, in order: the JSON object a document target holds. */
    public Map<String, Object> asObject() {
        Map<String, Object> object = new LinkedHashMap<>();
        values.forEach(v -> object.put(v.rule().name(), v.value()));
        return object;
    }
}
