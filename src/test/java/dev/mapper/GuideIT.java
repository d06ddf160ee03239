package dev.mapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The README's guide is a script: every {@code ```sh} block, in order, run by bash from the
 * repository's root against the built jar (failsafe runs this after {@code package}). If a command
 * in the guide breaks or its output changes shape, this fails.
 */
class GuideIT {
    static final Pattern SH_BLOCK = Pattern.compile("```sh\n(.*?)```\n", Pattern.DOTALL);

    static List<String> blocks() throws Exception {
        Matcher m = SH_BLOCK.matcher(Files.readString(Path.of("README.md")));
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    @Test
    @DisplayName("the README's guide runs start to finish: inspect, validate, plan, apply with a report, new, test, folder status/apply, rollback, json, library, completion")
    void guideRuns() throws Exception {
        assertTrue(Files.exists(JarIT.JAR), "build the jar first");
        List<String> blocks = blocks();
        assertEquals(7, blocks.size(), "the guide's sh blocks: " + blocks);
        Path script = Files.createTempFile("guide", ".sh");
        Files.writeString(script, "set -euo pipefail\n" + String.join("", blocks));

        JarIT.Result run = JarIT.run(List.of("bash", script.toString()), 300);
        Files.delete(script);
        String out = run.out();
        String err = run.err();

        assertEquals(0, run.exitCode(), out + "\n--- stderr\n" + err);
        // no diagnostic from mapper (sqlite-jdbc may log its shared /tmp native-library cleanup when other JVMs race it)
        assertTrue(err.lines().noneMatch(l -> l.startsWith("error: ") || l.contains(": error: ") || l.startsWith("  hint: ")), err);
        assertTrue(out.startsWith("mapper "), out);
        assertTrue(out.contains("\nserver_config row 'config':\n"), out);
        assertTrue(out.contains("ok: mappings/004.yaml: migration 004 (unify_router_config), 2 source(s), 2 target(s), 20 keys\n"), out);
        assertTrue(out.contains("\nNot applied yet. Apply with: mapper apply mappings/004.yaml --db target/guide/app.db\n"), out);
        assertTrue(out.contains("\n| port | server.llama_server_port | `8080` | `8080` | no | ok |\n"), out);
        assertTrue(out.contains("\nVerify    ok: migration 004 (unify_router_config)"), out);
        assertTrue(out.contains("Wrote target/guide/mappings/005-ui_config.yaml\n"), out);
        assertTrue(out.contains("\nok: target/guide/mappings/005-ui_config.test.yaml: 3 test case(s)\n"), out);
        assertTrue(out.contains("\nPASS target/guide/mappings/005-ui_config.test.yaml:8:5  the server URL is computed from the router document 004 wrote\n"), out);
        assertTrue(out.contains("\nno test file for target/guide/mappings/004.yaml\n3 passed, 0 failed\n"), out);
        assertTrue(out.contains("\n005      ui_config            pending  -  "), out);
        assertTrue(out.contains("target/guide/mappings: 1 migration(s) applied, 1 already applied.\n"), out);
        assertTrue(out.contains("\n005      ui_config            applied  "), out);
        assertTrue(out.contains("\nRolled back migration 005"), out);
        assertTrue(out.contains("\"migration\":\"005\",\"name\":\"ui_config\""), out);
        assertTrue(out.contains("\n004 is APPLIED\nALREADY_APPLIED in "), out);

        String report = Files.readString(Path.of("target/guide/report.md"));
        assertTrue(report.startsWith("# Migration 004 (unify_router_config)\n\n| | |\n|---|---|\n| outcome | already applied |\n"), report);
        assertTrue(report.contains("\n# Migration 005 (ui_config)\n\n| | |\n|---|---|\n| outcome | applied |\n"), report);
        assertTrue(report.contains("| serverUrl | via transform | — | `\"http://0.0.0.0:8080\"` | no | ok |\n"), report);
    }
}
