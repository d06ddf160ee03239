package dev.mapper.change;

import dev.mapper.model.AddedColumn;
import dev.mapper.model.IndexDecl;
import dev.mapper.model.Mapping;
import dev.mapper.model.Source;
import dev.mapper.model.TableTarget;
import dev.mapper.model.Target;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which migrations build on another: a later migration depends on an earlier one when it reads a
 * table the earlier one wrote or created, evolves a document it wrote, or indexes a column it added.
 * Rolling back the earlier one first would pull the ground from under the later one, so it is refused.
 */
public final class Dependencies {
    private Dependencies() {}

    /** Whether {@code later} reads or changes what {@code earlier} wrote. */
    public static boolean dependsOn(Mapping later, Mapping earlier) {
        Set<String> written = new HashSet<>();
        earlier.targets().forEach(t -> written.add(t.table().toLowerCase()));
        earlier.tables().forEach(t -> written.add(t.table().toLowerCase()));
        Set<String> addedColumns = new HashSet<>();
        earlier.columns().forEach(c -> addedColumns.add(c.qualified().toLowerCase()));
        for (Source s : later.sources()) {
            if (written.contains(s.table().toLowerCase())) {
                return true;
            }
        }
        for (TableTarget t : later.tables()) {
            if (written.contains(t.source().table().toLowerCase())) {
                return true;
            }
        }
        for (Target t : later.targets()) {
            if (written.contains(t.table().toLowerCase())) {
                return true; // it evolves a document (or writes a table) the earlier one wrote
            }
        }
        for (AddedColumn c : later.columns()) {
            if (written.contains(c.table().toLowerCase()) || addedColumns.contains(c.qualified().toLowerCase())) {
                return true; // it redeclares a column the earlier one added
            }
            for (String read : readColumns(c)) {
                if (addedColumns.contains((c.table() + "." + read).toLowerCase())) {
                    return true; // it computes a column from one the earlier one added
                }
            }
        }
        for (IndexDecl index : later.indexes()) {
            if (written.contains(index.table().toLowerCase())) {
                return true;
            }
            for (IndexDecl.Column c : index.columns()) {
                if (addedColumns.contains((index.table() + "." + c.name()).toLowerCase())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The columns a computed column's rule reads: its {@code from}, and {@code row.NAME} in its transform and check. */
    private static List<String> readColumns(AddedColumn column) {
        List<String> names = new ArrayList<>();
        if (column.rule() == null) {
            return names;
        }
        column.rule().from().forEach(p -> names.add(p.path().get(0)));
        for (dev.mapper.model.Expr expr : new dev.mapper.model.Expr[] {column.rule().transform(), column.rule().check()}) {
            if (expr != null) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b" + AddedColumn.ROW + "\\s*\\.\\s*([A-Za-z_][A-Za-z0-9_]*)").matcher(expr.text());
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    /** The migrations among {@code applied} (other than {@code earlier} itself) that depend on it. */
    public static List<String> dependents(Mapping earlier, List<Mapping> applied) {
        List<String> names = new ArrayList<>();
        for (Mapping m : applied) {
            if (!m.migration().equals(earlier.migration()) && dependsOn(m, earlier)) {
                names.add(m.migration() + " (" + m.name() + ")");
            }
        }
        return names;
    }
}
