package dev.mapper.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutates mappings/004.yaml (delete, duplicate, swap lines; retype values; reorder values; cut the
 * file) and applies every variant to the example database in-process. Every variant must end with
 * exit 0 (applied), 2 (a mapping error) or 1 (a data error the mutation legitimately caused, e.g.
 * a type the source values do not have), with a diagnostic and never a stack trace; after a
 * failure the database file has the bytes it had.
 */
class MappingFuzzTest {
    static final int VARIANTS = 2000;
    static final long SEED = 4L;
    static final List<String> VALUES = List.of("integer", "string", "boolean", "number", "path", "json", "{ enum: [a, b] }", "[]", "{}",
            "''", "-1", "0", "99999999999999999999", "1e999999999", "true", "null", "~", "server.port", "[server.port, settings.x]",
            "settings", "\"value +\"", "\"value.getClass()\"", "\"'x'.repeat(1e9)\"", "&a x", "*a", "\"a\\u0000b\"", "router_config",
            "server_config", "\"bad name\"", "é");

    @TempDir
    Path dir;

    @Test
    @DisplayName("2,000 mutated variants of 004 (fixed seed): exit 0, 1 or 2 with a diagnostic, no stack trace, database unchanged on failure")
    @Timeout(value = 600, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard, not a timing assertion
    void fuzz004() throws Exception {
        Path shm = Path.of("/dev/shm");
        Path dir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "mapper-fuzz") : this.dir;
        try {
            fuzzIn(dir);
        } finally {
            if (dir != this.dir) {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.delete(f);
                    }
                }
                Files.delete(dir);
            }
        }
    }

    /** In memory (/dev/shm) where there is one: each apply syncs its files, and the disk is not what is tested here. */
    private void fuzzIn(Path dir) throws Exception {
        List<String> lines = Files.readAllLines(TestDb.MAPPING_004);
        Path pristine = TestDb.example(dir);
        Path db = dir.resolve("fuzz.db");
        Path mapping = dir.resolve("004.yaml");
        Files.copy(pristine, db);
        String pristineSha = TestDb.sha256(pristine);
        Random random = new Random(SEED);
        Map<Integer, Integer> exits = new TreeMap<>();
        for (int i = 0; i < VARIANTS; i++) {
            List<String> variant = mutate(new ArrayList<>(lines), random, 1 + random.nextInt(3));
            Files.writeString(mapping, String.join("\n", variant) + "\n");

            Cli run = Cli.run(mapping.toString(), "--db", db.toString());

            exits.merge(run.exitCode(), 1, Integer::sum);
            String context = "variant " + i + ":\n" + String.join("\n", variant) + "\n" + run;
            assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), context);
            if (run.exitCode() == 0) {
                Files.copy(pristine, db, StandardCopyOption.REPLACE_EXISTING); // applied: start the next one fresh
                continue;
            }
            assertTrue(run.exitCode() == 1 || run.exitCode() == 2, context);
            assertTrue(run.err().contains("error: "), context);
            assertEquals(pristineSha, TestDb.sha256(db), context);
        }
        System.out.println("[MappingFuzzTest] " + VARIANTS + " variants, exit codes " + exits);
        assertEquals(VARIANTS, exits.values().stream().mapToInt(Integer::intValue).sum());
    }

    static final int WHERE_VARIANTS = 400;
    static final List<String> WHERES = List.of("level > 2", "level BETWEEN 2 AND 5 AND lower(name) LIKE 'a%' OR id IN (7, 8)",
            "name IS NOT NULL AND length(name) > 3", "coalesce(level, 0) * 2 >= abs(id - 3)", "NOT (id = 1 OR name = 'it''s')");
    static final List<String> WHERE_PIECES = List.of("SELECT", " UNION ALL SELECT id, secret FROM secrets ", "(", ")", "'", "\"", ";", "--", "/*",
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) ", "x'00'", "randomblob(9)", "abs(", "id", "secret", "secrets.secret",
            " NOT ", " IN (1, 2)", " BETWEEN 1 AND ", "||", ".", "?", "1e999", "-9223372036854775808", "abs(-9223372036854775808)", "coalesce()",
            "substr(name)", "length(", "é", " AND ", " OR ", "= =", "\"secret\"", "0x", "0) OR (1", "IS", "NULL", "%", "/ 0");

    @Test
    @DisplayName("400 mutated where: texts (fixed seed): exit 0, 1 or 2 with a diagnostic, never another table's rows, database unchanged on failure")
    @Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard, not a timing assertion
    void fuzzWhere() throws Exception {
        Path pristine = TestDb.fromSql(dir, "pristine.db", WhereFenceTest.SCHEMA);
        Path db = dir.resolve("where.db");
        Path mapping = dir.resolve("where.yaml");
        Files.copy(pristine, db);
        String pristineSha = TestDb.sha256(pristine);
        Random random = new Random(SEED);
        Map<Integer, Integer> exits = new TreeMap<>();
        for (int i = 0; i < WHERE_VARIANTS; i++) {
            String where = mutateWhere(WHERES.get(random.nextInt(WHERES.size())), random, 1 + random.nextInt(3));
            Files.writeString(mapping, WhereFenceTest.mappingText(where));

            Cli run = Cli.run(mapping.toString(), "--db", db.toString());

            exits.merge(run.exitCode(), 1, Integer::sum);
            String context = "variant " + i + ": where: " + where + "\n" + run;
            assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), context);
            if (run.exitCode() == 0) {
                assertEquals(List.of(), TestDb.query(db, "SELECT id FROM readings_v2 WHERE id NOT IN (SELECT id FROM readings) OR name = 'hunter2'"), context);
                Files.copy(pristine, db, StandardCopyOption.REPLACE_EXISTING);
                continue;
            }
            assertTrue(run.exitCode() == 1 || run.exitCode() == 2, context);
            assertTrue(run.err().startsWith(mapping + ":4:"), context); // every refusal names the where: line
            assertEquals(pristineSha, TestDb.sha256(db), context);
        }
        System.out.println("[MappingFuzzTest] " + WHERE_VARIANTS + " where: variants, exit codes " + exits);
        assertTrue(exits.getOrDefault(0, 0) > 0 && exits.getOrDefault(2, 0) > 0, exits::toString);
    }

    static final int EXPRESSION_VARIANTS = 500;
    /** Legitimate transforms (of a text) and checks, each a starting point for mutations. */
    static final List<String> TRANSFORMS = List.of("value.trim().toLowerCase()", "value.length() > 3 ? value : 'localhost'",
            "value + ':' + server.port", "value.replace('local', 'remote').substring(0, 5)", "value =~ ['localhost', '0.0.0.0'] ? value : 'x'",
            "(value + '-' + (server.port * 2 + 1)).toUpperCase()", "value.startsWith('l') && !value.isEmpty() ? value : value.repeat(2)");
    static final List<String> CHECKS = List.of("value.length() <= 64", "value != '' && value =~ '^[a-z.:0-9-]+$'", "!value.contains(' ')",
            "value.length() % 2 == 0 || value.endsWith('t')");
    /** Hostile and broken pieces: sandbox escapes, memory and time bombs, syntax JEXL refuses, names that do not exist. */
    static final List<String> EXPRESSION_PIECES = List.of(".getClass()", ".getClass().forName('java.lang.Runtime')", ".repeat(1e9)",
            "'x'.repeat(99999999)", "[1..100000000]", "(1 .. 2000000000)", "`${value}${value}`", "`plain`", "(((", ")))", "value + value",
            ".split('')", ".toCharArray()", "1/0", "% 0", "null", ".trimm()", "new('java.io.File', '/tmp/x')", ";", "var x = 1; ", "for (a : b) ",
            "function() { 1 }", "x -> x", "size(", "empty(value)", "1H << 99999", "1H << 64", "-9223372036854775808", "1e999999999",
            "'\\u0000'", "\"", "'", "\\", "#pragma a b ", "@silent ", "?:", "??", "?.", "=~", "!~", "{}", "[]", "{'a': 1}", "{1, 2}",
            "server.port", "server.nope", "settings", "server.clear()", "server.put('a', 1)", "value.wait()", "System.getenv()", "java.lang.System",
            "__proto__", "this", "value.indexOf('a'.repeat(100000))", "'%099999999d'.formatted(1)", "value.indent(99999999)", "[value, value]",
            "{'k': value + value}", "value.bytes", "value.class", "value['x']", "value[0]", "value[-1]", "value.substring(99)", "é", "\n");

    @Test
    @DisplayName("500 mutated transforms and checks (fixed seed): exit 0, 1 or 2 at the key's position, no stack trace, database unchanged on failure")
    @Timeout(value = 600, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard, not a timing assertion
    void fuzzExpressions() throws Exception {
        Path pristine = TestDb.example(dir);
        Path db = dir.resolve("expressions.db");
        Path mapping = dir.resolve("expressions.yaml");
        Files.copy(pristine, db);
        String pristineSha = TestDb.sha256(pristine);
        Random random = new Random(SEED);
        Map<Integer, Integer> exits = new TreeMap<>();
        for (int i = 0; i < EXPRESSION_VARIANTS; i++) {
            boolean check = random.nextInt(3) == 0;
            List<String> starts = check ? CHECKS : TRANSFORMS;
            String expression = mutateText(starts.get(random.nextInt(starts.size())), EXPRESSION_PIECES, random, 1 + random.nextInt(3));
            Files.writeString(mapping, """
                    migration: "901"
                    name: fuzz
                    sources:
                      server: { table: server_config, key: config }
                    targets:
                      fuzzed:
                        keys:
                          host: { from: server.host, type: string, %s: "%s" }
                    """.formatted(check ? "check" : "transform", expression.replace("\\", "\\\\").replace("\"", "\\\"")));

            Cli run = Cli.run(mapping.toString(), "--db", db.toString());

            exits.merge(run.exitCode(), 1, Integer::sum);
            String context = "variant " + i + ": " + (check ? "check: " : "transform: ") + expression + "\n" + run;
            assertFalse(run.err().contains("\tat ") || run.err().contains("Exception") || run.err().contains("Error:"), context);
            if (run.exitCode() == 0) {
                Files.copy(pristine, db, StandardCopyOption.REPLACE_EXISTING);
                continue;
            }
            assertTrue(run.exitCode() == 1 || run.exitCode() == 2, context);
            assertTrue(run.err().startsWith(mapping + ":8:"), context); // every refusal names the key's line
            assertEquals(pristineSha, TestDb.sha256(db), context);
        }
        System.out.println("[MappingFuzzTest] " + EXPRESSION_VARIANTS + " expression variants, exit codes " + exits);
        assertTrue(exits.getOrDefault(0, 0) > 0 && exits.getOrDefault(1, 0) > 0 && exits.getOrDefault(2, 0) > 0, exits::toString);
    }

    /** Inserts a piece at a random place, deletes a random stretch, or repeats one. */
    private static String mutateWhere(String where, Random random, int times) {
        return mutateText(where, WHERE_PIECES, random, times);
    }

    private static String mutateText(String text, List<String> pieces, Random random, int times) {
        StringBuilder b = new StringBuilder(text);
        for (int t = 0; t < times; t++) {
            int at = random.nextInt(b.length() + 1);
            switch (random.nextInt(3)) {
                case 0 -> b.insert(at, pieces.get(random.nextInt(pieces.size())));
                case 1 -> b.delete(at, Math.min(b.length(), at + 1 + random.nextInt(4)));
                default -> b.insert(at, b.substring(at, Math.min(b.length(), at + random.nextInt(6))));
            }
        }
        return b.toString();
    }

    static List<String> mutate(List<String> lines, Random random, int times) {
        for (int t = 0; t < times && !lines.isEmpty(); t++) {
            int at = random.nextInt(lines.size());
            switch (random.nextInt(7)) {
                case 0 -> lines.remove(at);
                case 1 -> lines.add(at, lines.get(at));
                case 2 -> {
                    int other = random.nextInt(lines.size());
                    String line = lines.get(at);
                    lines.set(at, lines.get(other));
                    lines.set(other, line);
                }
                case 3 -> lines.set(at, retype(lines.get(at), random));
                case 4 -> lines.set(at, reorderValues(lines.get(at), random));
                case 5 -> lines.subList(at, lines.size()).clear();
                default -> lines.set(at, reindent(lines.get(at), random));
            }
        }
        return lines;
    }

    /** Replaces the value after one "name:" on the line with another value. */
    private static String retype(String line, Random random) {
        List<Integer> colons = new ArrayList<>();
        for (int i = line.indexOf(": "); i >= 0; i = line.indexOf(": ", i + 1)) {
            colons.add(i);
        }
        if (colons.isEmpty()) {
            return line + " " + VALUES.get(random.nextInt(VALUES.size()));
        }
        int start = colons.get(random.nextInt(colons.size())) + 2;
        int end = start;
        while (end < line.length() && ",}#".indexOf(line.charAt(end)) < 0) {
            end++;
        }
        return line.substring(0, start) + VALUES.get(random.nextInt(VALUES.size())) + " " + line.substring(end);
    }

    /** Swaps two comma-separated fields of a flow map. */
    private static String reorderValues(String line, Random random) {
        int open = line.indexOf('{');
        int close = line.lastIndexOf('}');
        if (open < 0 || close <= open) {
            return line;
        }
        List<String> fields = new ArrayList<>(List.of(line.substring(open + 1, close).split(",")));
        java.util.Collections.shuffle(fields, random);
        return line.substring(0, open + 1) + String.join(",", fields) + line.substring(close);
    }

    private static String reindent(String line, Random random) {
        return " ".repeat(random.nextInt(6)) + line.stripLeading();
    }
}
