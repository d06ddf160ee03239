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
    /** Columns of a source line shown around the caret. */
    private static final int WIDTH = 160;
    /** A mapping file over this size was refused for its size: its lines are not shown. */
    private static final long MAX_SHOWN_BYTES = 4L << 20;

    private final Map<String, List<String>> files = new HashMap<>();

    public void print(List<Diagnostic> diagnostics, PrintWriter err) {
        for (Diagnostic d : diagnostics) {
            err.println(d.headline());
            Pos pos = d.pos();
            List<String> sourceLines = pos == null ? List.of() : lines(pos.file());
            if (pos != null && pos.line() >= 1 && pos.line() <= sourceLines.size()) {
                String line = withoutPassword(sourceLines.get(pos.line() - 1));
                // a window around the column of a long line (a generated expression, a 2 MB comment)
                int column = Math.max(0, Math.min(pos.column() - 1, line.length()));
                int from = column < WIDTH ? 0 : column - WIDTH / 2;
                int to = Math.min(line.length(), from + WIDTH);
                err.println("    " + (from > 0 ? "…" : "") + line.substring(from, to) + (to < line.length() ? "…" : ""));
                err.println("    " + " ".repeat(column - from + (from > 0 ? 1 : 0)) + "^");
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

    private static final java.util.regex.Pattern URL_PASSWORD = java.util.regex.Pattern.compile("(?i)(postgres(?:ql)?://[^:/@\\s]*:)[^@\\s]*@");
    private static final java.util.regex.Pattern PARAM_PASSWORD = java.util.regex.Pattern.compile("(?i)([?&]password=)[^&\\s\"']*");

    /** A source line as shown: a database URL's password (refused, never used) is not printed back. */
    static String withoutPassword(String line) {
        return PARAM_PASSWORD.matcher(URL_PASSWORD.matcher(line).replaceAll("$1********@")).replaceAll("$1********");
    }

    private List<String> lines(String file) {
        return files.computeIfAbsent(file, f -> {
            try {
                Path path = Path.of(f);
                return Files.size(path) > MAX_SHOWN_BYTES ? List.of() : Files.readString(path).lines().toList();
            } catch (IOException | RuntimeException notAFile) {
                return List.of(); // e.g. a mapping text read back from history: no line to show
            }
        });
    }
}
