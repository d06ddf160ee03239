package dev.mapper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mapper.Cli;
import dev.mapper.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** mapper test: the shipped test files pass, a changed rule fails with a readable diff, and the output forms. */
class TestCommandTest {
    @TempDir
    Path dir;

    /** A copy of 004.yaml (with {@code from} replaced by {@code to}) and its shipped test file, in a temporary folder. */
    Path copyOf004(String from, String to) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("mappings"));
        String mapping = Files.readString(TestDb.MAPPING_004);
        assertTrue(mapping.contains(from), from);
        Files.writeString(folder.resolve("004.yaml"), mapping.replace(from, to));
        Files.copy(Path.of("mappings/004.test.yaml"), folder.resolve("004.test.yaml"));
        return folder;
    }

    static int cases(Path testFile) throws Exception {
        return (int) Files.readString(testFile).lines().filter(l -> l.startsWith("  - name: ")).count();
    }

    @Test
    @DisplayName("mapper test mappings/ runs every shipped test file: each case passes, round trip included")
    void shippedTestFilesPass() throws Exception {
        Cli run = Cli.run("test", "mappings/");
        assertEquals(0, run.exitCode(), run::toString);
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(lines.size() - 1).matches("[0-9]+ passed, 0 failed"), run::toString);
        long passed = lines.stream().filter(l -> l.startsWith("PASS mappings/")).count();
        int shipped = 0;
        try (java.util.stream.Stream<Path> files = Files.list(Path.of("mappings"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".test.yaml")).toList()) {
                shipped += cases(f);
            }
        }
        assertEquals(shipped, passed, run::toString);
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("no test file for")), "every mapping of mappings/ has its test file: " + run);
        assertTrue(lines.contains("PASS mappings/004.test.yaml:11:5  a port given as the text \"8080\" is the integer 8080"), run::toString);
        assertEquals("", run.err());
    }

    @Test
    @DisplayName("validate --json names the mapping's test file and counts its cases")
    void validateJson() throws Exception {
        Cli run = Cli.run("validate", "mappings/004.yaml", "--json");
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals("mappings/004.test.yaml", json.get("testFile").asText());
        assertEquals(cases(Path.of("mappings/004.test.yaml")), json.get("testCases").asInt());
    }

    @Test
    @DisplayName("the example test file of examples/005-ui-config.yaml passes")
    void exampleTestFilePasses() {
        Cli run = Cli.run("test", "examples/005-ui-config.yaml");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().endsWith("\n3 passed, 0 failed\n"), run::toString);
    }

    @Test
    @DisplayName("a changed default in a copy of 004.yaml fails the cases that pin it, with expected, actual and where the value came from")
    void changedDefaultFails() throws Exception {
        Path folder = copyOf004("default: 8080 }", "default: 8081 }");
        Cli run = Cli.run("test", folder.toString());
        assertEquals(1, run.exitCode(), run::toString);
        String file = folder.resolve("004.test.yaml").toString();
        assertTrue(run.out().contains("FAIL " + file + ":84:5  with no server_config row every server key takes its default\n"
                + "       router_config.port: expected 8080, actual 8081 (default: server.llama_server_port is missing (no server_config row 'config'), "
                + "server.port is missing (no server_config row 'config'))\n"), run::toString);
        assertTrue(run.out().endsWith("\n" + (cases(folder.resolve("004.test.yaml")) - 2) + " passed, 2 failed\n"), run::toString);
        // the README shows this failure as the example of a diff
        String failure = run.out().substring(run.out().indexOf("FAIL " + file + ":84:5"));
        failure = failure.substring(0, failure.indexOf("\n", failure.indexOf("\n") + 1) + 1).replace(file, "mappings/004.test.yaml");
        assertTrue(Files.readString(Path.of("README.md")).contains("\n```\n" + failure + "```\n"), failure);
    }

    @Test
    @DisplayName("a changed type fails with a typed diff: the text \"false\" is not the boolean false")
    void changedTypeFails() throws Exception {
        Path folder = copyOf004("from: server.llama_server_metrics, type: boolean", "from: server.llama_server_metrics, type: string");
        Cli run = Cli.run("test", folder.resolve("004.yaml").toString());
        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.out().contains("  the text \"false\" is false (the old script turned it into true)\n"
                + "       router_config.metricsEnabled: expected false, actual \"false\" (from server.llama_server_metrics = \"false\")\n"), run::toString);
        assertTrue(run.out().contains("       router_config.metricsEnabled: expected false, actual \"0\" (from server.llama_server_metrics = 0)\n"), run::toString);
    }

    @Test
    @DisplayName("a changed range fails the cases that expect the refusal, showing the error apply gave")
    void changedRangeFails() throws Exception {
        Path folder = copyOf004("min: 1, max: 65535", "min: 1, max: 99999");
        Cli run = Cli.run("test", folder.toString());
        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.out().contains("  a port above 65535 is refused\n       expected apply to fail (exit 1, \"70000 is above the maximum 65535 "
                + "(from server.llama_server_port)\"), but it succeeded: applied\n"), run::toString);
    }

    @Test
    @DisplayName("--json: one document with every case; --junit FILE: JUnit XML with one testcase per case and the diff as the failure")
    void jsonAndJunit() throws Exception {
        Path folder = copyOf004("default: 8080 }", "default: 8081 }");
        Path xml = dir.resolve("results.xml");
        Cli run = Cli.run("test", folder.toString(), "--json", "--junit", xml.toString());
        assertEquals(1, run.exitCode(), run::toString);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals("test", json.get("command").asText());
        assertEquals(1, json.get("exitCode").asInt());
        assertEquals(2, json.get("failed").asInt());
        int total = cases(folder.resolve("004.test.yaml"));
        assertEquals(total, json.get("cases").size());
        JsonNode failed = json.get("cases").get(9);
        assertEquals("failed", failed.get("status").asText());
        assertEquals(84, failed.get("line").asInt());
        assertTrue(failed.get("problems").get(0).asText().startsWith("router_config.port: expected 8080, actual 8081"), failed::toString);

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        assertEquals(String.valueOf(total), doc.getDocumentElement().getAttribute("tests"));
        assertEquals("2", doc.getDocumentElement().getAttribute("failures"));
        assertEquals(total, doc.getElementsByTagName("testcase").getLength());
        assertEquals(2, doc.getElementsByTagName("failure").getLength());
        assertTrue(doc.getElementsByTagName("failure").item(0).getAttributes().getNamedItem("message").getNodeValue()
                .startsWith("router_config.port: expected 8080, actual 8081"));
    }
}
