package dev.mapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.mapper.diag.MapperException;
import dev.mapper.model.MappingReader;
import dev.mapper.plan.CompiledMapping;
import dev.mapper.yaml.YNode;
import dev.mapper.yaml.YamlLoader;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * schema/mapping.schema.json: valid draft 2020-12, every shipped mapping passes it and points
 * editors at it, and on a corpus of broken mappings it agrees with mapper's own validation.
 */
class SchemaTest {
    static final Path SCHEMA = Path.of("schema/mapping.schema.json");
    static final String MODELINE = "# yaml-language-server: $schema=";
    static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    static final Path TEST_SCHEMA = Path.of("schema/mapping-test.schema.json");
    static final JsonSchema MAPPING_SCHEMA = load(SCHEMA);
    static final JsonSchema TEST_FILE_SCHEMA = load(TEST_SCHEMA);

    static JsonSchema load(Path schema) {
        try {
            return FACTORY.getSchema(new ObjectMapper().readTree(schema.toFile()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The mapping file as JSON, read with mapper's own YAML loader (YAML 1.2 core schema, as editors read it). */
    static JsonNode json(Path file) throws IOException {
        return json(YamlLoader.load(file.toString(), Files.readString(file)));
    }

    static JsonNode json(YNode node) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (node instanceof YNode.YMap map) {
            ObjectNode o = f.objectNode();
            map.entries().forEach(e -> o.set(e.key(), json(e.value())));
            return o;
        }
        if (node instanceof YNode.YList list) {
            ArrayNode a = f.arrayNode();
            list.items().forEach(i -> a.add(json(i)));
            return a;
        }
        Object v = ((YNode.YScalar) node).value();
        if (v == null) {
            return f.nullNode();
        }
        if (v instanceof String s) {
            return f.textNode(s);
        }
        if (v instanceof Boolean b) {
            return f.booleanNode(b);
        }
        if (v instanceof Long l) {
            return f.numberNode(l);
        }
        if (v instanceof BigInteger i) {
            return f.numberNode(i);
        }
        if (v instanceof BigDecimal d) {
            return f.numberNode(d);
        }
        return f.numberNode((Double) v);
    }

    static Set<ValidationMessage> schemaErrors(Path file) throws IOException {
        return MAPPING_SCHEMA.validate(json(file));
    }

    /** mapper's own validation: read, validate and compile (expressions included), as `mapper validate` does. */
    static MapperException mapperErrors(Path file) {
        return assertThrows(MapperException.class, () -> CompiledMapping.compile(MappingReader.read(file)), file.toString());
    }

    static Stream<Path> shipped() throws IOException {
        return Stream.concat(files(Path.of("mappings")), files(Path.of("examples"))).filter(p -> !isTestFile(p));
    }

    static boolean isTestFile(Path p) {
        return p.getFileName().toString().endsWith(".test.yaml");
    }

    static Stream<Path> badMappings() throws IOException {
        return files(Path.of("src/test/resources/bad-mappings"));
    }

    static Stream<Path> schemaGaps() throws IOException {
        return files(Path.of("src/test/resources/schema-gaps"));
    }

    static Stream<Path> files(Path dir) throws IOException {
        try (Stream<Path> list = Files.walk(dir)) {
            return list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @Test
    @DisplayName("the schemas are themselves valid against the draft 2020-12 meta-schema")
    void schemaIsValid() throws IOException {
        JsonSchema meta = FACTORY.getSchema(SchemaLocation.of(SchemaId.V202012));
        assertEquals(Set.of(), meta.validate(new ObjectMapper().readTree(SCHEMA.toFile())));
        assertEquals(Set.of(), meta.validate(new ObjectMapper().readTree(TEST_SCHEMA.toFile())));
    }

    static Stream<Path> shippedTestFiles() throws IOException {
        List<Path> tests = Stream.concat(files(Path.of("mappings")), files(Path.of("examples"))).filter(SchemaTest::isTestFile).toList();
        assertTrue(tests.contains(Path.of("mappings/004.test.yaml")), tests.toString());
        return tests.stream();
    }

    @ParameterizedTest
    @MethodSource("shippedTestFiles")
    @DisplayName("every shipped test file passes the test-file schema, and its first line points editors at it")
    void shippedTestFilesPass(Path file) throws IOException {
        assertEquals(Set.of(), TEST_FILE_SCHEMA.validate(json(file)), file.toString());
        String first = Files.readString(file).lines().findFirst().orElse("");
        assertTrue(first.startsWith(MODELINE), file + " starts with: " + first);
        assertEquals(TEST_SCHEMA.normalize(), file.getParent().resolve(first.substring(MODELINE.length())).normalize(), file.toString());
    }

    static Stream<Path> badTestFiles() throws IOException {
        return files(Path.of("src/test/resources/bad-test-files"));
    }

    @ParameterizedTest
    @MethodSource("badTestFiles")
    @DisplayName("the test-file schema and mapper reject the same broken test files (each beside a copy of 004.yaml)")
    void bothRejectTestFiles(Path file) throws IOException {
        assertNotEquals(Set.of(), TEST_FILE_SCHEMA.validate(json(file)), file + ": the schema accepts it");
        MapperException e = assertThrows(MapperException.class,
                () -> dev.mapper.testing.TestFileReader.read(file, MappingReader.read(TestDb.MAPPING_004)), file.toString());
        assertEquals(MapperException.MAPPING, e.exitCode());
    }

    @ParameterizedTest
    @MethodSource("shipped")
    @DisplayName("every shipped mapping passes the schema, and its first line points editors at the schema file")
    void shippedMappingsPass(Path file) throws IOException {
        assertEquals(Set.of(), schemaErrors(file), file.toString());
        String first = Files.readString(file).lines().findFirst().orElse("");
        assertTrue(first.startsWith(MODELINE), file + " starts with: " + first);
        Path target = file.getParent().resolve(first.substring(MODELINE.length())).normalize();
        assertEquals(SCHEMA.normalize(), target, file.toString());
    }

    @Test
    @DisplayName("the corpus's baseline mappings are valid both ways (so each bad file has exactly its own defect)")
    void baselineIsValid() throws IOException {
        for (String name : new String[] {"good-mapping.yaml", "good-table-mapping.yaml", "good-dropin-table-mapping.yaml"}) {
            Path good = Path.of("src/test/resources", name);
            assertEquals(Set.of(), schemaErrors(good), name);
            CompiledMapping.compile(MappingReader.read(good));
        }
    }

    @ParameterizedTest
    @MethodSource("badMappings")
    @DisplayName("the schema and mapper reject the same broken mappings")
    void bothReject(Path file) throws IOException {
        assertNotEquals(Set.of(), schemaErrors(file), file + ": the schema accepts it");
        assertEquals(MapperException.MAPPING, mapperErrors(file).exitCode());
    }

    @ParameterizedTest
    @MethodSource("schemaGaps")
    @DisplayName("rules a JSON Schema cannot express: the schema accepts these, mapper validate refuses them")
    void onlyMapperRejects(Path file) throws IOException {
        assertEquals(Set.of(), schemaErrors(file), file.toString());
        assertEquals(MapperException.MAPPING, mapperErrors(file).exitCode());
    }

    @Test
    @DisplayName("mapper schema prints schema/mapping.schema.json byte for byte (the jar holds the one copy)")
    void schemaCommandPrintsTheFile() throws IOException {
        Cli run = Cli.run("schema");
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(Files.readString(SCHEMA), run.out());
        Cli tests = Cli.run("schema", "--test-file");
        assertEquals(0, tests.exitCode(), tests::toString);
        assertEquals(Files.readString(TEST_SCHEMA), tests.out());
        assertTrue(badMappings().count() >= 50);
    }
}
