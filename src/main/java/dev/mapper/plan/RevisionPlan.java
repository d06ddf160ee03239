package dev.mapper.plan;

import dev.mapper.diag.Diagnostic;
import java.util.List;
import java.util.Map;

/**
 * What applying an edited mapping over its applied revision will do: per target key the decision
 * and why, the target state it must leave (checked by verification), and the SQL steps.
 *
 * @param expected per target table, the stored value of every key the revision answers for, after it
 * @param problems conflicts nobody chose for, and app values that break the edited rules: any one stops the apply
 */
public record RevisionPlan(int appliedRevision, CompiledMapping compiled, MappingDiff diff, Map<String, SourceData> sources,
        List<KeyDecision> decisions, Map<String, Map<String, Object>> expected, List<Step> backupSteps, List<Step> writeSteps,
        List<Diagnostic> problems) {
    public RevisionPlan {
        sources = Map.copyOf(sources);
        decisions = List.copyOf(decisions);
        expected = Map.copyOf(expected);
        backupSteps = List.copyOf(backupSteps);
        writeSteps = List.copyOf(writeSteps);
        problems = List.copyOf(problems);
    }

    public int revision() {
        return appliedRevision + 1;
    }

    /** What happens to one key. */
    public enum Action {
        /** a new key: written */
        ADD,
        /** the target still holds what the applied revision wrote: the new value is written */
        WRITE,
        /** the app's value stays */
        KEEP,
        /** the target already holds the new value, or the key is absent and removed */
        NONE,
        /** the app changed it and the edited rule computes something else: nobody chose yet */
        CONFLICT,
        /** removed from the mapping: deleted (--prune) */
        PRUNE,
        /** removed from the mapping: left in the target (no --prune) */
        LEAVE
    }

    /**
     * One key's decision. Values are stored forms ({@link Stored}); null is absent.
     *
     * @param change  added, changed (fields), removed, or unchanged
     * @param written what the applied revision wrote (its rule evaluated on the rows it backed up)
     * @param now     what the target holds now
     * @param next    what the edited rule computes
     */
    public record KeyDecision(String table, String key, String change, Action action, Object written, Object now, Object next, String why) {}

    public List<KeyDecision> writes() {
        return decisions.stream().filter(d -> d.action() == Action.ADD || d.action() == Action.WRITE || d.action() == Action.PRUNE).toList();
    }
}
