package dev.mapper.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CanonicalFormTest {
    static final String TEXT = read();

    static String read() {
        try {
            return Files.readString(Path.of("mappings/004.yaml"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String checksum(String text) {
        return MappingReader.parse("004.yaml", text).checksum();
    }

    @Test
    @DisplayName("comments, blank lines, flow vs block style, field order, key order and 'from: a' vs 'from: [a]' are not changes")
    void meaningPreservingEditsKeepTheChecksum() {
        String original = checksum(TEXT);
        assertEquals(original, checksum(TEXT + "\n\n# a comment at the end\n"));
        assertEquals(original, checksum(TEXT.replace("# Migration 004", "# Migration four (004)")));
        assertEquals(original, checksum(TEXT.replace("{ from: server.threads, type: integer, min: 1, default: 4 }",
                "{ default: 4, min: 1, type: integer, from: [server.threads] }")));
        assertEquals(original, checksum(TEXT.replace(
                "      ctxSize:           { from: server.ctx_size, type: integer, min: 1, default: 4096 }\n"
                        + "      gpuLayers:         { from: settings.gpuLayers, type: integer, min: 0, default: 0 }\n",
                "      gpuLayers:\n        from: settings.gpuLayers\n        type: integer\n        min: 0\n        default: 0\n"
                        + "      ctxSize: { from: server.ctx_size,   type: integer, min: 1, default: 4096 }\n")));
        assertEquals(original, checksum(TEXT.replace("default: 0.7 }", "default: 0.70 }")));
        assertEquals(original, checksum(TEXT.replace("database: data/llama-dashboard.db", "database: elsewhere.db")));
    }

    @Test
    @DisplayName("a changed default, type, bound, source path, transform, or an added key changes the checksum")
    void meaningfulEditsChangeTheChecksum() {
        String original = checksum(TEXT);
        assertNotEquals(original, checksum(TEXT.replace("default: \"./models\"", "default: \"./llm-models\"")));
        assertNotEquals(original, checksum(TEXT.replace("{ from: server.threads, type: integer, min: 1, default: 4 }",
                "{ from: server.threads, type: number, min: 1, default: 4 }")));
        assertNotEquals(original, checksum(TEXT.replace("max: 65535", "max: 65000")));
        assertNotEquals(original, checksum(TEXT.replace("from: server.ctx_size,", "from: server.context_size,")));
        assertNotEquals(original, checksum(TEXT.replace("{ from: server.threads, type: integer, min: 1, default: 4 }",
                "{ from: server.threads, type: integer, min: 1, default: 4, transform: \"value * 2\" }")));
        assertNotEquals(original, checksum(TEXT.replace("      gpuLayers:",
                "      flashAttention:    { from: server.flash_attn, type: boolean, default: false }\n      gpuLayers:")));
    }

    @Test
    @DisplayName("a table column's declaration is part of the meaning: nullable and autoincrement change the checksum, nullable: false (the default) does not")
    void tableDeclarationsChangeTheChecksum() throws IOException {
        String table = Files.readString(Path.of("examples/metrics/metrics-v2.yaml"));
        String original = checksum(table);
        String id = "id:                 { from: m.id, type: integer }";
        String cpu = "{ from: m.cpu_usage, type: number, min: 0, max: 100, default: 0 }";
        assertEquals(original, checksum(table.replace(cpu, "{ from: m.cpu_usage, type: number, min: 0, max: 100, default: 0, nullable: false }")));
        assertNotEquals(original, checksum(table.replace(cpu, "{ from: m.cpu_usage, type: number, min: 0, max: 100, default: 0, nullable: true }")));
        assertNotEquals(original, checksum(table.replace(id, "id: { from: m.id, type: integer, autoincrement: true }")));
    }
}
