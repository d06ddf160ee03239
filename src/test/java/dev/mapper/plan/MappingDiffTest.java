package dev.mapper.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.model.KeyRule;
import dev.mapper.model.MappingReader;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MappingDiffTest {
    static MappingDiff diff(String applied, String edited) {
        return MappingDiff.of(MappingReader.parse("a.yaml", applied), MappingReader.parse("b.yaml", edited));
    }

    static List<String> changed(MappingDiff diff) {
        return diff.targets().stream().flatMap(t -> t.changed().stream()).map(c -> c.after().name() + " " + c.fields()).toList();
    }

    @Test
    @DisplayName("each changed field is named: source (a path, or the definition of a source the rule reads), type, default, min/max, transform, check")
    void changedFields() {
        String applied = RevisionPlannerTest.APPLIED;
        String edited = applied
                .replace("a: { from: s.a, type: integer, default: 1 }", "a: { from: [s.a, s.aa], type: number, default: 1 }")
                .replace("b: { from: s.b, type: integer, default: 2 }", "b: { from: s.b, type: integer, default: 2, check: \"value > 0\" }")
                .replace("f: { from: s.f, type: integer, max: 100, default: 3 }", "f: { from: s.f, type: integer, min: 0, max: 100, default: 4 }");
        assertEquals(List.of("a [source, type]", "b [check]", "f [default, min/max]"), changed(diff(applied, edited)));

        String otherRow = applied.replace("s: { table: src, key: config }", "s: { table: src, key: settings }");
        MappingDiff sourceMoved = diff(applied, otherRow);
        assertEquals(List.of("a [source]", "b [source]", "c [source]", "e [source]", "f [source]"), changed(sourceMoved));
        assertEquals("+0 keys, ~5 rules, -0 keys", sourceMoved.summary());
    }

    @Test
    @DisplayName("comments and order are no change; shape, backup table, retire and targets added are edits a revision cannot make")
    void unchangedAndUnsupported() {
        String applied = RevisionPlannerTest.APPLIED;
        MappingDiff same = diff(applied, "# comment\n" + applied.replace("e: { from: s.e, type: integer, default: 3 }", "e: { default: 3, type: integer, from: s.e }"));
        assertTrue(same.isEmpty());
        assertEquals(List.of("a", "b", "c", "e", "f"), same.targets().get(0).unchanged().stream().map(KeyRule::name).toList());

        MappingDiff unsupported = diff(applied, applied.replace("    key: config\n", "    shape: rows\n") + "retire: [s]\nbackup: other_backup\n");
        assertEquals(List.of("the backup table changed from migration_backup_900 to other_backup", "'retire' changed from [] to [s]",
                "target doc changed its shape, row key or index"), unsupported.unsupported());
    }
}
