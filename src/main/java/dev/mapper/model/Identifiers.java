package dev.mapper.model;

import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.Pos;
import java.util.List;
import java.util.regex.Pattern;

/** Table, column and index names from a mapping must be plain SQL identifiers (and are quoted anyway). */
public final class Identifiers {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private Identifiers() {}

    public static boolean isPlain(String name) {
        return PLAIN.matcher(name).matches() && !name.toLowerCase().startsWith("sqlite_");
    }

    static void check(String name, Pos pos, String what, List<Diagnostic> errors) {
        if (!isPlain(name)) {
            errors.add(Diagnostic.at(pos, what + " '" + name + "' is not a plain SQL identifier",
                    "use letters, digits and underscores only, starting with a letter (and not 'sqlite_')"));
        }
    }
}
