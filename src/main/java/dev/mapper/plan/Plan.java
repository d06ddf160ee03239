package dev.mapper.plan;

import java.util.List;
import java.util.Map;

/**
 * What applying a mapping will do: the source data read, the values computed for every target
 * key, and the SQL steps that write them (backup rows, targets, retirement), in order; then how
 * each table target is filled.
 */
public record Plan(CompiledMapping compiled, Map<String, SourceData> sources, List<TargetValues> targets, List<Step> steps, List<TablePlan> tables) {
    public Plan {
        tables = List.copyOf(tables);
        sources = Map.copyOf(sources);
        targets = List.copyOf(targets);
        steps = List.copyOf(steps);
    }

    public List<SourceRow> backupRows() {
        return compiled.mapping().sources().stream().flatMap(s -> sources.get(s.name()).rows().stream()).toList();
    }
}
