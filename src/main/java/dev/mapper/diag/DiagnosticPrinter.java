package dev.mapper.diag;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints diagnostics the way compilers do: the headline, the offending line of the mapping file
 * with a caret under the column, then the hint.
 */
public final class DiagnosticPrinter {
    private final Map<String, List<String>> files = new HashMap<>();

    public void print(List<Diagnostic> diagnostics, PrintWriter err) {
        for (Diagnostic d : diagnostics) {
            err.println(d.headline());
            Pos pos = d.pos();
            List<String> sourceLines = pos == null ? List.of() : lines(pos.file());
            if (pos != null && pos.line() >= 1 && pos.line() <= sourceLines.size()) {
                String line = sourceLines.get(pos.line() - 1);
                err.println("    " + line);
                err.println("    " + " ".repeat(Math.max(0, pos.column() - 1)) + "^");
            }
            if (d.hint() != null) {
                for (String hintLine : d.hint().split("\n")) {
                    err.println("  hint: " + hintLine);
                }
            }
        }
        if (diagnostics.size() > 1) {
            err.println(diagnostics.size() + " errors");
        }
        err.flush();
    }

    private List<String> lines(String file) {
        return files.computeIfAbsent(file, f -> {
            try {
                return Files.readString(Path.of(f)).lines().toList();
            } catch (IOException | RuntimeException notAFile) {
                return List.of(); // e.g. a mapping text read back from history: no line to show
            }
        });
    }
}
