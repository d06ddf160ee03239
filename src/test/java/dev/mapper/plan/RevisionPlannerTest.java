package dev.mapper.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.db.SqliteDialect;
import dev.mapper.diag.Diagnostic;
import dev.mapper.model.Mapping;
import dev.mapper.model.MappingReader;
import dev.mapper.plan.RevisionPlan.Action;
import dev.mapper.plan.RevisionPlan.KeyDecision;
import dev.mapper.plan.RevisionPlanner.Options;
import dev.mapper.plan.RevisionPlanner.Resolution;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The three-way decisions, one key per case, and the SQL a revision writes (document and rows targets). */
class RevisionPlannerTest {
    static final String APPLIED = """
            migration: "900"
            name: t
            sources:
              s: { table: src, key: config }
            targets:
              doc:
                key: config
                keys:
                  a: { from: s.a, type: integer, default: 1 }
                  b: { from: s.b, type: integer, default: 2 }
                  c: { from: s.c, type: string, default: x }
                  e: { from: s.e, type: integer, default: 3 }
                  f: { from: s.f, type: integer, max: 100, default: 3 }
            """;
    /** a: default 1 → 5; b: + transform; c removed; d added; e unchanged; f: max 100 → 50 (same value). */
    static final String EDITED = """
            migration: "900"
            name: t
            sources:
              s: { table: src, key: config }
            targets:
              doc:
                key: config
                keys:
                  a: { from: s.a, type: integer, default: 5 }
                  b: { from: s.b, type: integer, default: 2, transform: "value + 1" }
                  d: { from: s.d, type: boolean, default: true }
                  e: { from: s.e, type: integer, default: 3 }
                  f: { from: s.f, type: integer, max: 50, default: 3 }
            """;

    static RevisionPlan plan(String applied, String edited, Map<String, Object> stored, Options options) {
        Mapping old = MappingReader.parse("applied.yaml", applied);
        Mapping now = MappingReader.parse("edited.yaml", edited);
        Map<String, SourceData> sources = Map.of("s", SourceData.of(now.sources().get(0), List.of(new SourceRow("src", "config", "{\"b\":10}"))));
        List<TargetValues> written = Evaluator.evaluate(CompiledMapping.compile(old), sources);
        Map<String, Map<String, Object>> held = Map.of(now.targets().get(0).table(), stored);
        return new RevisionPlanner(new SqliteDialect()).plan(1, MappingDiff.of(old, now), CompiledMapping.compile(now), sources, written, held,
                options, 1_700_000_000L);
    }

    /** What revision 1 wrote, with the app's changes. */
    static Map<String, Object> doc(Object b, Object f) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("a", 1L);
        doc.put("b", b);
        doc.put("c", "x");
        doc.put("e", 7L); // the app changed e (3 → 7)
        doc.put("f", f);
        return doc;
    }

    static String decisions(RevisionPlan plan) {
        StringBuilder out = new StringBuilder();
        for (KeyDecision d : plan.decisions()) {
            out.append(d.key()).append(' ').append(d.action()).append(' ').append(Stored.render(d.written())).append(' ')
                    .append(Stored.render(d.now())).append(' ').append(Stored.render(d.next())).append('\n');
        }
        return out.toString();
    }

    @Test
    @DisplayName("untouched → write; added → add; app changed with a new value → conflict; app changed, same value → keep; rule unchanged → keep; removed → leave")
    void decisions() {
        RevisionPlan plan = plan(APPLIED, EDITED, doc(20L, 4L), Options.DEFAULT);

        assertEquals("""
                a WRITE 1 1 5
                b CONFLICT 10 20 11
                d ADD (absent) (absent) true
                e KEEP 3 7 3
                f KEEP 3 4 3
                c LEAVE (absent) "x" (absent)
                """, decisions(plan));
        assertEquals("+1 key, ~3 rules, -1 key", plan.diff().summary());
        assertEquals(List.of("edited.yaml:10:7: error: doc.b: conflict: revision 1 wrote 10, the app has changed it to 20 since, and the edited rule computes 11",
                        "error: 1 value(s) were changed by the app since revision 1 and the edited mapping computes different ones; apply stops before writing anything"),
                plan.problems().stream().map(Diagnostic::headline).toList());
    }

    @Test
    @DisplayName("--overwrite-changed writes the new value; --keep-changed keeps the app's; --prune deletes; one UPDATE of the document with every key")
    void resolutions() {
        RevisionPlan overwrite = plan(APPLIED, EDITED, doc(20L, 4L), new Options(Resolution.OVERWRITE_CHANGED, true));
        assertEquals(List.of(), overwrite.problems());
        assertTrue(decisions(overwrite).contains("b WRITE 10 20 11\n"), decisions(overwrite));
        assertTrue(decisions(overwrite).contains("c PRUNE (absent) \"x\" (absent)\n"), decisions(overwrite));
        assertEquals(List.of(new Step("UPDATE \"doc\" SET value = ?, updated_at = ? WHERE key = ?",
                List.of("{\"a\":5,\"b\":11,\"d\":true,\"e\":7,\"f\":4}", 1_700_000_000L, "config"))), overwrite.writeSteps());

        RevisionPlan keep = plan(APPLIED, EDITED, doc(20L, 4L), new Options(Resolution.KEEP_CHANGED, false));
        assertEquals(List.of(), keep.problems());
        assertTrue(decisions(keep).contains("b KEEP 10 20 11\n"), decisions(keep));
        assertEquals(List.of(new Step("UPDATE \"doc\" SET value = ?, updated_at = ? WHERE key = ?",
                List.of("{\"a\":5,\"b\":20,\"d\":true,\"e\":7,\"f\":4,\"c\":\"x\"}", 1_700_000_000L, "config"))), keep.writeSteps());
    }

    @Test
    @DisplayName("a kept app value must satisfy the edited rule: f = 60 is above the new maximum 50; a string where an integer is declared")
    void keptValuesAreChecked() {
        RevisionPlan plan = plan(APPLIED, EDITED, doc("20", 60L), new Options(Resolution.KEEP_CHANGED, false));

        assertEquals(List.of("edited.yaml:10:7: error: doc.b: the app's value \"20\" does not satisfy the edited rule: \"20\" has the wrong JSON type (JSON string, declared integer)",
                        "edited.yaml:13:7: error: doc.f: the app's value 60 does not satisfy the edited rule: 60 is above the maximum 50"),
                plan.problems().stream().map(Diagnostic::headline).toList());
    }

    @Test
    @DisplayName("rows target: an added key is an INSERT, a written key an UPDATE of value, type and updated_at, a pruned key a DELETE")
    void rowsTargetSteps() {
        String applied = APPLIED.replace("    key: config\n", "    shape: rows\n");
        String edited = EDITED.replace("    key: config\n", "    shape: rows\n");
        Map<String, Object> rows = new LinkedHashMap<>();
        rows.put("a", new Stored.Row("1", "integer"));
        rows.put("b", new Stored.Row("10", "integer"));
        rows.put("c", new Stored.Row("x", "string"));
        rows.put("e", new Stored.Row("3", "integer"));
        rows.put("f", new Stored.Row("3", "integer"));

        RevisionPlan plan = plan(applied, edited, rows, new Options(Resolution.ASK, true));

        assertEquals(List.of(), plan.problems());
        assertEquals(List.of(
                new Step("UPDATE \"doc\" SET value = ?, type = ?, updated_at = ? WHERE key = ?", List.of("5", "integer", 1_700_000_000L, "a")),
                new Step("UPDATE \"doc\" SET value = ?, type = ?, updated_at = ? WHERE key = ?", List.of("11", "integer", 1_700_000_000L, "b")),
                new Step("INSERT INTO \"doc\" (key, value, type) VALUES (?, ?, ?)", List.of("d", "true", "boolean")),
                new Step("DELETE FROM \"doc\" WHERE key = ?", List.of("c"))), plan.writeSteps());
    }
}
