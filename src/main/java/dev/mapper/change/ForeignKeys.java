package dev.mapper.change;

import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.MapperException;
import java.util.ArrayList;
import java.util.List;

/**
 * The foreign-key check before commit of a migration that may rebuild a table (foreign keys are
 * off for its connection, so nothing enforced them as it wrote): a row that points nowhere now and
 * did not before refuses the migration. Rows that already pointed nowhere are the app's, not mapper's.
 */
final class ForeignKeys {
    private ForeignKeys() {}

    /** @param who {@code migration 011}, or {@code this rollback} */
    static void refuseNew(List<String> before, List<String> after, String who) {
        List<String> broken = new ArrayList<>(after);
        broken.removeAll(before);
        if (broken.isEmpty()) {
            return;
        }
        List<Diagnostic> diagnostics = new ArrayList<>();
        broken.forEach(b -> diagnostics.add(Diagnostic.of(who + " would break a foreign key: " + b, null)));
        diagnostics.add(Diagnostic.of("SQLite's foreign_key_check found " + broken.size() + " row(s) " + who + " left pointing at no row",
                "nothing was changed; the rows above refer to values the new declaration converted or removed: declare the column so the values "
                        + "keep matching the rows they point to"));
        throw MapperException.data(diagnostics);
    }
}
