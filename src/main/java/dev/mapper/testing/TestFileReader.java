package dev.mapper.testing;

import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.MapperException;
import dev.mapper.diag.Pos;
import dev.mapper.model.DidYouMean;
import dev.mapper.model.Fields;
import dev.mapper.model.Identifiers;
import dev.mapper.model.KeyRule;
import dev.mapper.model.Mapping;
import dev.mapper.model.MigrationFolder;
import dev.mapper.model.TableTarget;
import dev.mapper.model.Target;
import dev.mapper.yaml.YNode;
import dev.mapper.yaml.YamlLoader;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Test file → {@link TestFile}, checked against the mapping it tests (target, key and column names,
 * earlier migrations named in {@code after}); every mistake is reported at once with file:line:col.
 */
public final class TestFileReader {
    static final List<String> TOP_FIELDS = List.of("setup", "cases");
    static final List<String> CASE_FIELDS = List.of("name", "given", "expect", "round_trip");
    static final List<String> GIVEN_FIELDS = List.of("after", "sql_file", "sql", "tables");
    static final List<String> EXPECT_FIELDS = List.of("values", "rows", "failure", "nothing_to_do");
    static final List<String> FAILURE_FIELDS = List.of("exit", "key", "message");

    private final Path file;
    private final Mapping mapping;
    private final List<Diagnostic> errors = new ArrayList<>();

    private TestFileReader(Path file, Mapping mapping) {
        this.file = file;
        this.mapping = mapping;
    }

    /** The mapping a test file tests: {@code NAME.yaml} beside {@code NAME.test.yaml}. */
    public static Path mappingOf(Path testFile) {
        String name = testFile.getFileName().toString();
        return testFile.resolveSibling(name.replaceFirst("\\.test\\.(ya?ml)$", ".$1"));
    }

    /** The test file of a mapping, whether or not it exists. */
    public static Path testFileOf(Path mappingFile) {
        String name = mappingFile.getFileName().toString();
        return mappingFile.resolveSibling(name.replaceFirst("\\.(ya?ml)$", ".test.$1"));
    }

    /** @throws MapperException (exit 2) listing every mistake in the file */
    public static TestFile read(Path file, Mapping mapping) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw MapperException.usage("cannot read the test file " + file + ": " + e.getMessage(), "check the path; test files are UTF-8 YAML");
        }
        return new TestFileReader(file, mapping).parse(text);
    }

    private TestFile parse(String text) {
        YNode.YMap top = Fields.asMap(YamlLoader.load(file.toString(), text), "a test file", errors);
        if (top == null) {
            throw MapperException.mapping(errors);
        }
        Fields f = new Fields(top, "the test file", TOP_FIELDS, errors);
        String setup = f.text("setup");
        List<TestFile.Case> cases = new ArrayList<>();
        YNode casesNode = f.require("cases", "cases: [ { name: ..., given: ..., expect: ... } ]");
        if (casesNode instanceof YNode.YList list) {
            if (list.items().isEmpty()) {
                errors.add(Diagnostic.at(list.pos(), "the test file has no cases", "add one: - { name: ..., given: { tables: ... }, expect: { values: ... } }"));
            }
            Set<String> names = new HashSet<>();
            for (YNode item : list.items()) {
                TestFile.Case c = testCase(item);
                if (c != null && !names.add(c.name())) {
                    errors.add(Diagnostic.at(c.pos(), "two cases are named '" + c.name() + "'", "give each case its own name: it is how results are reported"));
                }
                cases.add(c);
            }
        } else if (casesNode != null) {
            errors.add(Diagnostic.at(casesNode.pos(), "'cases' must be a list, not " + casesNode.describe(), "write each case as a list item: - name: ..."));
        }
        if (!errors.isEmpty()) {
            throw MapperException.mapping(errors);
        }
        return new TestFile(file, mappingOf(file), setup, cases);
    }

    private TestFile.Case testCase(YNode node) {
        YNode.YMap map = Fields.asMap(node, "a case", errors);
        if (map == null) {
            return null;
        }
        Fields f = new Fields(map, "a case", CASE_FIELDS, errors);
        String name = f.requiredText("name", "name: \"port given as the text 8080\"");
        TestFile.Given given = f.has("given") ? given(f.node("given")) : new TestFile.Given(List.of(), null, null, Map.of());
        YNode expectNode = f.require("expect", "expect: { values: { router_config: { port: 8080 } } }");
        TestFile.Expect expect = expectNode == null ? null : expect(expectNode);
        String skip = f.has("round_trip") ? roundTripSkip(f.node("round_trip")) : null;
        return name == null ? null : new TestFile.Case(name, map.pos(), given, expect, skip);
    }

    private String roundTripSkip(YNode node) {
        YNode.YMap map = Fields.asMap(node, "'round_trip'", errors);
        if (map == null) {
            return null;
        }
        Fields f = new Fields(map, "'round_trip'", List.of("skip"), errors);
        String reason = f.requiredText("skip", "round_trip: { skip: \"why this case cannot be rolled back exactly\" }");
        if (reason != null && reason.isBlank()) {
            errors.add(Diagnostic.at(f.node("skip").pos(), "skipping the round trip needs a reason", "say why rollback cannot give back the given state"));
        }
        return reason;
    }

    private TestFile.Given given(YNode node) {
        YNode.YMap map = Fields.asMap(node, "'given'", errors);
        if (map == null) {
            return new TestFile.Given(List.of(), null, null, Map.of());
        }
        Fields f = new Fields(map, "'given'", GIVEN_FIELDS, errors);
        List<Path> after = new ArrayList<>();
        if (f.node("after") instanceof YNode.YList list) {
            list.items().forEach(item -> after(item, after));
        } else if (f.has("after")) {
            errors.add(Diagnostic.at(f.node("after").pos(), "'after' must be a list of migration versions, not " + f.node("after").describe(),
                    "e.g. after: [\"004\"]"));
        }
        Path sqlFile = null;
        String sqlFileName = f.text("sql_file");
        if (sqlFileName != null) {
            sqlFile = file.resolveSibling(sqlFileName);
            if (!Files.isRegularFile(sqlFile)) {
                errors.add(Diagnostic.at(f.node("sql_file").pos(), "the SQL file " + sqlFile + " does not exist",
                        "the path is relative to the test file's folder"));
            }
        }
        Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
        if (f.has("tables")) {
            YNode.YMap tablesMap = Fields.asMap(f.node("tables"), "'tables'", errors);
            for (YNode.Entry e : tablesMap == null ? List.<YNode.Entry>of() : tablesMap.entries()) {
                checkIdentifier(e.key(), e.keyPos(), "table");
                List<Map<String, Object>> rows = new ArrayList<>();
                for (YNode.YMap row : rowMaps(e.value(), e.key())) {
                    Map<String, Object> values = new LinkedHashMap<>();
                    for (YNode.Entry column : row.entries()) {
                        checkIdentifier(column.key(), column.keyPos(), "column");
                        values.put(column.key(), YamlValues.plain(column.value()));
                    }
                    rows.add(values);
                }
                tables.put(e.key(), rows);
            }
        }
        return new TestFile.Given(after, sqlFile, f.text("sql"), tables);
    }

    private void after(YNode item, List<Path> after) {
        Object v = item instanceof YNode.YScalar s ? s.value() : null;
        String text = v instanceof String || v instanceof Long || v instanceof BigInteger ? v.toString() : null;
        if (text == null || !text.matches("[0-9]+")) {
            errors.add(Diagnostic.at(item.pos(), "'after' lists migration versions, not " + item.describe(), "e.g. after: [\"004\"]"));
            return;
        }
        BigInteger version = new BigInteger(text);
        Path folder = file.toAbsolutePath().getParent();
        java.util.Optional<Path> found = MigrationFolder.fileOf(folder, version);
        boolean earlier = !mapping.migration().matches("[0-9]+") || version.compareTo(new BigInteger(mapping.migration())) < 0;
        if (found.isEmpty() || !earlier) {
            errors.add(Diagnostic.at(item.pos(), found.isEmpty() ? "no migration " + text + " in " + folder
                    : "migration " + text + " is not earlier than " + mapping.migration(), "'after' names earlier migrations of the same folder, applied first"));
            return;
        }
        after.add(file.resolveSibling(found.get().getFileName()));
    }

    private TestFile.Expect expect(YNode node) {
        YNode.YMap map = Fields.asMap(node, "'expect'", errors);
        if (map == null) {
            return null;
        }
        Fields f = new Fields(map, "'expect'", EXPECT_FIELDS, errors);
        int kinds = (f.has("values") || f.has("rows") ? 1 : 0) + (f.has("failure") ? 1 : 0) + (f.has("nothing_to_do") ? 1 : 0);
        if (kinds != 1) {
            errors.add(Diagnostic.at(map.pos(), kinds == 0 ? "'expect' says nothing" : "'expect' mixes values or rows, failure and nothing_to_do",
                    "expect one of: values and/or rows (what apply writes), failure (how it fails), nothing_to_do: true"));
        }
        Map<String, Map<String, TestFile.Expected>> values = f.has("values") ? values(f.node("values")) : Map.of();
        Map<String, List<Map<String, TestFile.Expected>>> rows = f.has("rows") ? rows(f.node("rows")) : Map.of();
        TestFile.Failure failure = f.has("failure") ? failure(f.node("failure")) : null;
        boolean nothing = false;
        if (f.has("nothing_to_do")) {
            nothing = f.node("nothing_to_do") instanceof YNode.YScalar s && Boolean.TRUE.equals(s.value());
            if (!nothing) {
                errors.add(Diagnostic.at(f.node("nothing_to_do").pos(), "'nothing_to_do' can only be true", "write nothing_to_do: true, or leave it out"));
            }
        }
        return new TestFile.Expect(values, rows, failure, nothing);
    }

    private Map<String, Map<String, TestFile.Expected>> values(YNode node) {
        Map<String, Map<String, TestFile.Expected>> values = new LinkedHashMap<>();
        YNode.YMap map = Fields.asMap(node, "'values'", errors);
        for (YNode.Entry e : map == null ? List.<YNode.Entry>of() : map.entries()) {
            Target target = mapping.targets().stream().filter(t -> t.table().equals(e.key())).findFirst().orElse(null);
            if (target == null) {
                unknown(e, mapping.file(), "target", mapping.targets().stream().map(Target::table).toList(),
                        mapping.tables().isEmpty() ? "" : "; a table target's rows go under 'rows'");
                continue;
            }
            YNode.YMap keys = Fields.asMap(e.value(), "'values." + e.key() + "'", errors);
            Map<String, TestFile.Expected> expected = new LinkedHashMap<>();
            for (YNode.Entry k : keys == null ? List.<YNode.Entry>of() : keys.entries()) {
                List<String> names = target.rules().stream().map(KeyRule::name).toList();
                if (!names.contains(k.key())) {
                    unknown(k, e.key() + " in " + mapping.file(), "key", names, "");
                }
                expected.put(k.key(), new TestFile.Expected(YamlValues.plain(k.value()), k.value().pos()));
            }
            values.put(e.key(), expected);
        }
        return values;
    }

    private Map<String, List<Map<String, TestFile.Expected>>> rows(YNode node) {
        Map<String, List<Map<String, TestFile.Expected>>> rows = new LinkedHashMap<>();
        YNode.YMap map = Fields.asMap(node, "'rows'", errors);
        for (YNode.Entry e : map == null ? List.<YNode.Entry>of() : map.entries()) {
            TableTarget table = mapping.tables().stream().filter(t -> t.table().equals(e.key())).findFirst().orElse(null);
            if (table == null) {
                unknown(e, mapping.file(), "table target", mapping.tables().stream().map(TableTarget::table).toList(),
                        mapping.targets().isEmpty() ? "" : "; a document or rows target's keys go under 'values'");
                continue;
            }
            List<String> columns = table.columns().stream().map(KeyRule::name).toList();
            List<Map<String, TestFile.Expected>> expected = new ArrayList<>();
            for (YNode.YMap row : rowMaps(e.value(), e.key())) {
                Map<String, TestFile.Expected> values = new LinkedHashMap<>();
                for (YNode.Entry c : row.entries()) {
                    if (!columns.contains(c.key())) {
                        unknown(c, e.key() + " in " + mapping.file(), "column", columns, "");
                    }
                    values.put(c.key(), new TestFile.Expected(YamlValues.plain(c.value()), c.value().pos()));
                }
                expected.add(values);
            }
            rows.put(e.key(), expected);
        }
        return rows;
    }

    private TestFile.Failure failure(YNode node) {
        YNode.YMap map = Fields.asMap(node, "'failure'", errors);
        if (map == null) {
            return null;
        }
        Fields f = new Fields(map, "'failure'", FAILURE_FIELDS, errors);
        int exit = 0;
        if (f.require("exit", "exit: 1") instanceof YNode.YScalar s && (Long.valueOf(1).equals(s.value()) || Long.valueOf(2).equals(s.value()))) {
            exit = ((Long) s.value()).intValue();
        } else if (f.has("exit")) {
            errors.add(Diagnostic.at(f.node("exit").pos(), "'exit' must be 1 (data) or 2 (mapping), not " + f.node("exit").describe(),
                    "a value that does not convert or is out of range is exit 1"));
        }
        String message = f.requiredText("message", "message: \"is not an integer\"");
        return new TestFile.Failure(exit, f.text("key"), message, map.pos());
    }

    private List<YNode.YMap> rowMaps(YNode node, String table) {
        if (!(node instanceof YNode.YList list)) {
            errors.add(Diagnostic.at(node.pos(), table + " must be a list of rows, not " + node.describe(), "e.g. " + table + ": [ { key: config, value: { port: 8080 } } ]"));
            return List.of();
        }
        List<YNode.YMap> rows = new ArrayList<>();
        for (YNode item : list.items()) {
            YNode.YMap row = Fields.asMap(item, "a row of " + table, errors);
            if (row != null) {
                rows.add(row);
            }
        }
        return rows;
    }

    private void unknown(YNode.Entry e, String owner, String what, List<String> known, String more) {
        String suggestion = DidYouMean.closest(e.key(), known);
        errors.add(Diagnostic.at(e.keyPos(), owner + " has no " + what + " '" + e.key() + "'"
                + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?") + more,
                known.isEmpty() ? "it has none" : "the names there are: " + String.join(", ", known)));
    }

    private void checkIdentifier(String name, Pos pos, String what) {
        if (!Identifiers.isPlain(name)) {
            errors.add(Diagnostic.at(pos, "the " + what + " name '" + name + "' is not a plain SQL identifier",
                    "use letters, digits and underscores only, starting with a letter"));
        }
    }
}
