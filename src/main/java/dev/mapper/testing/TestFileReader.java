package dev.mapper.testing;

import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.MapperException;
import dev.mapper.diag.Pos;
import dev.mapper.model.Fields;
import dev.mapper.model.Identifiers;
import dev.mapper.model.Mapping;
import dev.mapper.model.MigrationFolder;
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
        TestFile.Expect expect = expectNode == null ? null : new ExpectReader(mapping, errors).expect(expectNode);
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
                for (YNode.YMap row : ExpectReader.rowMaps(e.value(), e.key(), errors)) {
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

    private void checkIdentifier(String name, Pos pos, String what) {
        if (!Identifiers.isPlain(name)) {
            errors.add(Diagnostic.at(pos, "the " + what + " name '" + name + "' is not a plain SQL identifier",
                    "use letters, digits and underscores only, starting with a letter"));
        }
    }
}
