package dev.mapper.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.TestDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shifts were Java's 64-bit ones, which wrap silently: {@code 1H << 64} gave 1. Now they are exact, or refused. */
class ExactArithmeticTest {
    @TempDir
    Path dir;

    private Cli plan(String transform) throws IOException {
        Path db = dir.resolve("app.db");
        if (!Files.exists(db)) {
            TestDb.example(dir).toFile().renameTo(db.toFile());
        }
        Path mapping = Files.writeString(dir.resolve("shift.yaml"), """
                migration: "903"
                name: shift
                sources:
                  server: { table: server_config, key: config }
                targets:
                  shift:
                    keys:
                      k: { from: server.threads, type: integer, transform: "%s" }
                """.formatted(transform));
        return Cli.run("plan", mapping.toString(), "--db", db.toString());
    }

    private String headline(Cli run) {
        assertEquals(1, run.exitCode(), run::toString);
        return run.err().lines().findFirst().orElseThrow().replace(dir.toString(), "DIR");
    }

    @Test
    @DisplayName("a shift past 64 bits is exact (then out of range for an integer), never wrapped")
    void shiftsAreExact() throws IOException {
        assertEquals("DIR/shift.yaml:8:7: error: shift.k: 18446744073709551616 is outside the 64-bit integer range (from server.threads via transform)",
                headline(plan("1H << 64")));
        assertEquals("DIR/shift.yaml:8:7: error: shift.k: 18446744073709551616 is outside the 64-bit integer range (from server.threads via transform)",
                headline(plan("value << 62")));
        assertEquals("DIR/shift.yaml:8:7: error: shift.k: 9223372036854775808 is outside the 64-bit integer range (from server.threads via transform)",
                headline(plan("1 << 63")));
        Cli small = plan("value << 3");
        assertEquals(0, small.exitCode(), small::toString);
        assertTrue(small.out().lines().anyMatch(l -> l.matches("\\s+k\\s+32\\s+server\\.threads via transform")), small::toString);
        Cli right = plan("value >> 64");
        assertEquals(0, right.exitCode(), right::toString);
        assertTrue(right.out().lines().anyMatch(l -> l.matches("\\s+k\\s+0\\s+server\\.threads via transform")), right::toString);
    }

    @Test
    @DisplayName("shift counts outside 0 to 1024 (0 to 63 for >>>) are refused")
    void hugeShiftsRefused() throws IOException {
        assertEquals("DIR/shift.yaml:8:60: error: shift.k: transform failed on 4 (from server.threads): refused: '<<' by 100000; "
                + "a shift count must be 0 to 1024", headline(plan("value << 100000")));
        assertEquals("DIR/shift.yaml:8:60: error: shift.k: transform failed on 4 (from server.threads): refused: '>>>' by 64; "
                + "a shift count must be 0 to 63", headline(plan("-1 >>> 64")));
        assertEquals("DIR/shift.yaml:8:60: error: shift.k: transform failed on 4 (from server.threads): refused: '<<' by -1; "
                + "a shift count must be 0 to 1024", headline(plan("value << -1")));
    }
}
