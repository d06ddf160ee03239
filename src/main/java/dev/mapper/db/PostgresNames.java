package dev.mapper.db;

import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.Pos;
import dev.mapper.model.AddedColumn;
import dev.mapper.model.AppendedRow;
import dev.mapper.model.IndexDecl;
import dev.mapper.model.KeyRule;
import dev.mapper.model.Mapping;
import dev.mapper.model.Source;
import dev.mapper.model.Target;
import dev.mapper.model.TableTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The names a mapping gives tables, columns and indexes, as PostgreSQL reads them. mapper quotes every
 * name, and PostgreSQL keeps the case of a quoted name while it folds every unquoted one (the app's
 * SQL, psql) to lower case: {@code "Settings"} would be another table than {@code settings}. So on
 * PostgreSQL a name with an upper-case letter is refused, at its line, before anything connects.
 * (The 63-byte limit is already every mapping's: {@code Identifiers}.)
 */
public final class PostgresNames {
    private PostgresNames() {}

    public static List<Diagnostic> problems(Mapping mapping) {
        List<Diagnostic> problems = new ArrayList<>();
        for (Source s : mapping.sources()) {
            check("table", s.table(), s.pos(), problems);
            if (s instanceof Source.Document d) {
                check("column", d.keyColumn(), d.pos(), problems);
                check("column", d.valueColumn(), d.pos(), problems);
            } else if (s instanceof Source.Rows r) {
                check("column", r.keyColumn(), r.pos(), problems);
                check("column", r.valueColumn(), r.pos(), problems);
            }
        }
        for (Target t : mapping.targets()) {
            check("table", t.table(), t.pos(), problems);
            check("index", t.index(), t.pos(), problems);
        }
        for (TableTarget t : mapping.tables()) {
            check("table", t.source().table(), t.source().pos(), problems);
            check("table", t.table(), t.pos(), problems);
            check("index", t.index(), t.pos(), problems);
            t.declared().forEach(c -> check("column", c.name(), c.pos(), problems));
        }
        for (AddedColumn c : mapping.columns()) {
            check("table", c.table(), c.pos(), problems);
            check("column", c.column(), c.pos(), problems);
        }
        for (IndexDecl index : mapping.indexes()) {
            check("index", index.name(), index.pos(), problems);
            check("table", index.table(), index.pos(), problems);
            index.columns().forEach(c -> check("column", c.name(), index.pos(), problems));
        }
        for (AppendedRow row : mapping.appends()) {
            check("table", row.table(), row.pos(), problems);
            for (KeyRule rule : row.columns()) {
                check("column", rule.name(), rule.pos(), problems);
            }
        }
        check("table", mapping.backupTable(), null, problems);
        return problems;
    }

    private static void check(String what, String name, Pos pos, List<Diagnostic> problems) {
        if (name == null || name.equals(name.toLowerCase(Locale.ROOT))) {
            return;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        problems.add(Diagnostic.at(pos, what + " name '" + name + "' has upper-case letters, which PostgreSQL keeps only inside quotes",
                "mapper quotes every name, so '" + name + "' would be another " + what + " than " + lower
                        + "; write it in lower case (PostgreSQL folds unquoted names to lower case)"));
    }
}
