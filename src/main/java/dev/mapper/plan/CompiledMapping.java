package dev.mapper.plan;

import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.MapperException;
import dev.mapper.expr.Expressions;
import dev.mapper.model.Expr;
import dev.mapper.model.KeyRule;
import dev.mapper.model.Mapping;
import dev.mapper.model.Source;
import dev.mapper.model.TableTarget;
import dev.mapper.model.Target;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** A mapping with its transforms and checks compiled once, ready to evaluate against source data. */
public final class CompiledMapping {
    private final Mapping mapping;
    private final Map<Expr, Expressions.Compiled> compiled = new IdentityHashMap<>();

    private CompiledMapping(Mapping mapping) {
        this.mapping = mapping;
    }

    /** @throws MapperException (exit 2) listing every expression that does not compile */
    public static CompiledMapping compile(Mapping mapping) {
        CompiledMapping result = new CompiledMapping(mapping);
        Set<String> names = mapping.sources().stream().map(Source::name).collect(Collectors.toSet());
        List<Diagnostic> errors = new ArrayList<>();
        for (Target target : mapping.targets()) {
            for (KeyRule rule : target.rules()) {
                for (Expr expr : new Expr[] {rule.transform(), rule.check()}) {
                    if (expr != null) {
                        Expressions.Compiled c = Expressions.compile(expr, names, expr == rule.check(), errors);
                        if (c != null) {
                            result.compiled.put(expr, c);
                        }
                    }
                }
            }
        }
        for (dev.mapper.model.AppendedRow row : mapping.appends()) {
            for (KeyRule rule : row.columns()) {
                for (Expr expr : new Expr[] {rule.transform(), rule.check()}) {
                    if (expr != null) {
                        Expressions.Compiled c = Expressions.compile(expr, names, expr == rule.check(), errors);
                        if (c != null) {
                            result.compiled.put(expr, c);
                        }
                    }
                }
            }
        }
        for (TableTarget table : mapping.tables()) {
            for (KeyRule rule : table.columns()) {
                for (Expr expr : new Expr[] {rule.transform(), rule.check()}) {
                    if (expr != null) {
                        Expressions.Compiled c = Expressions.compile(expr, Set.of(table.source().name()), expr == rule.check(), errors);
                        if (c != null) {
                            result.compiled.put(expr, c);
                        }
                    }
                }
            }
        }
        for (dev.mapper.model.AddedColumn column : mapping.columns()) {
            KeyRule rule = column.rule();
            for (Expr expr : rule == null ? new Expr[0] : new Expr[] {rule.transform(), rule.check()}) {
                if (expr != null) {
                    Expressions.Compiled c = Expressions.compile(expr, Set.of(dev.mapper.model.AddedColumn.ROW), expr == rule.check(), errors);
                    if (c != null) {
                        result.compiled.put(expr, c);
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw MapperException.mapping(errors);
        }
        return result;
    }

    /** Compiles several mappings (a migration folder). @throws MapperException (exit 2) listing every expression of every file that does not compile */
    public static List<CompiledMapping> compileAll(List<Mapping> mappings) {
        List<CompiledMapping> result = new ArrayList<>();
        List<Diagnostic> errors = new ArrayList<>();
        for (Mapping mapping : mappings) {
            try {
                result.add(compile(mapping));
            } catch (MapperException e) {
                errors.addAll(e.diagnostics());
            }
        }
        if (!errors.isEmpty()) {
            throw MapperException.mapping(errors);
        }
        return result;
    }

    public Mapping mapping() {
        return mapping;
    }

    public Expressions.Compiled expression(Expr expr) {
        return compiled.get(expr);
    }
}
