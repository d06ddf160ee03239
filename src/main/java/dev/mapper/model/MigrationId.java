package dev.mapper.model;

import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.Pos;
import dev.mapper.yaml.YNode;
import java.util.List;
import java.util.regex.Pattern;

/** The {@code migration:} id: it names the backup table and file and keys history, so it must be exactly what the person wrote. */
final class MigrationId {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_]{1,40}");

    private MigrationId() {}

    /** The id, or null after recording an error. */
    static String check(String migration, YNode node, String text, List<Diagnostic> errors) {
        if (migration == null) {
            return null;
        }
        if (!ID.matcher(migration).matches()) {
            errors.add(Diagnostic.at(node.pos(), "migration id '" + migration + "' must be letters, digits or '_'",
                    "it names the backup table and file, e.g. migration: \"005\""));
            return migration;
        }
        // migration: 004 unquoted is the number 4 to YAML: the id would silently be "4", and quoting it
        // later would make "004" a second, pending migration
        if (node instanceof YNode.YScalar s && s.value() instanceof Number) {
            String written = writtenAt(text, node.pos());
            if (!written.equals(migration)) {
                errors.add(Diagnostic.at(node.pos(), "migration: " + written + " is the number " + migration + " to YAML, so the id would be '"
                        + migration + "', not '" + written + "'", "quote it to keep every digit: migration: \"" + written + "\""));
                return null;
            }
        }
        return migration;
    }

    /** The plain scalar as written at {@code pos}: up to a space, comment or flow punctuation. */
    private static String writtenAt(String text, Pos pos) {
        String[] lines = text.split("\n", -1);
        if (pos.line() < 1 || pos.line() > lines.length) {
            return "";
        }
        String line = lines[pos.line() - 1];
        int start = Math.min(Math.max(pos.column() - 1, 0), line.length());
        int end = start;
        while (end < line.length() && " \t\r#,}]".indexOf(line.charAt(end)) < 0) {
            end++;
        }
        return line.substring(start, end);
    }
}
