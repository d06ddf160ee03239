package dev.mapper.plan;

import dev.mapper.model.AppendedRow;
import java.util.List;

/** The values computed for one appended row, column by column, in the mapping's order. */
public record AppendValues(AppendedRow row, List<KeyValue> values) {
    public AppendValues {
        values = List.copyOf(values);
    }
}
