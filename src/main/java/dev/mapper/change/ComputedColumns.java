package dev.mapper.change;

import dev.mapper.db.Dialect;
import dev.mapper.diag.Diagnostic;
import dev.mapper.expr.Expressions;
import dev.mapper.model.AddedColumn;
import dev.mapper.model.ColumnDecl;
import dev.mapper.model.DidYouMean;
import dev.mapper.model.Expr;
import dev.mapper.model.KeyRule;
import dev.mapper.model.SourcePath;
import dev.mapper.plan.CompiledMapping;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The database-side checks and wording of columns computed per row and of redeclared columns, before anything is written. */
final class ComputedColumns {
    private ComputedColumns() {}

    /** Every column a rule reads that the table does not have (with the nearest name it has), and a table the engine cannot fill row by row. */
    static List<Diagnostic> problems(Dialect dialect, Connection c, CompiledMapping compiled, AddedColumn column) throws SQLException {
        List<Diagnostic> problems = new ArrayList<>();
        List<String> columns = dialect.columns(c, column.table());
        KeyRule rule = column.rule();
        for (SourcePath p : rule.from()) {
            missing(column, p.path().get(0), "from", columns, p.pos(), problems);
        }
        for (Expr expr : new Expr[] {rule.transform(), rule.check()}) {
            if (expr != null && compiled.expression(expr) != null) {
                for (String name : Expressions.references(compiled.expression(expr), AddedColumn.ROW)) {
                    missing(column, name, expr == rule.check() ? "check" : "transform", columns, expr.pos(), problems);
                }
            }
        }
        dialect.noRowFill(c, column.table()).ifPresent(why -> problems.add(Diagnostic.at(column.pos(), "column " + column.qualified()
                + " is computed per row" + why, dialect.noRowFillHint(column.table()))));
        dialect.refusesComputed(c, column.declaration()).ifPresent(why -> problems.add(Diagnostic.at(column.pos(), "column " + column.qualified()
                + " is computed per row" + why.message(), why.hint())));
        return problems;
    }

    private static void missing(AddedColumn column, String name, String field, List<String> columns, dev.mapper.diag.Pos pos, List<Diagnostic> problems) {
        if (columns.stream().noneMatch(name::equalsIgnoreCase)) {
            String near = DidYouMean.closest(name, columns);
            problems.add(Diagnostic.at(pos, "column " + column.qualified() + ": its " + field + " reads column '" + name + "', which table " + column.table()
                    + " does not have", (near == null ? "" : "did you mean '" + near + "'? ") + "the columns of " + column.table() + " are: "
                    + String.join(", ", columns) + " (a rule reads the row as it was before this migration)"));
        }
    }

    /** A redeclaration to NOT NULL needs every row to have a value. */
    static List<Diagnostic> redeclarable(Dialect dialect, Connection c, AddedColumn column) throws SQLException {
        if (!column.declaration().notNull()) {
            return List.of();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + dialect.quote(column.table()) + " WHERE " + dialect.quote(column.column())
                + " IS NULL"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            long nulls = rs.getLong(1);
            return nulls == 0 ? List.of() : List.of(Diagnostic.at(column.pos(), "column " + column.qualified() + " holds NULL in " + nulls
                    + " row(s), so it cannot be declared " + column.declaration().render(),
                    "give those rows a value first (a migration that writes them, or the app), or keep the column nullable; nothing was changed"));
        }
    }

    /** How an added column is first declared: a NOT NULL column without a default is added nullable, filled, then redeclared. */
    static ColumnDecl addedAs(ColumnDecl declaration, boolean computed) {
        return computed && declaration.notNull() && declaration.defaultSql() == null ? new ColumnDecl(declaration.type(), null, false) : declaration;
    }

    /** {@code from name, transform "value.trim()"}: the rule, as plan shows it and the change record keeps it; null without one. */
    static String describe(AddedColumn column) {
        KeyRule rule = column.rule();
        if (rule == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        if (!rule.from().isEmpty()) {
            List<String> names = rule.from().stream().map(p -> p.path().get(0)).toList();
            parts.add("from " + (names.size() == 1 ? names.get(0) : "[" + String.join(", ", names) + "]"));
        }
        if (rule.transform() != null) {
            parts.add("transform \"" + rule.transform().text() + "\"");
        }
        if (rule.check() != null) {
            parts.add("check \"" + rule.check().text() + "\"");
        }
        return String.join(", ", parts);
    }
}
