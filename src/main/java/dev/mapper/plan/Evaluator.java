package dev.mapper.plan;

import dev.mapper.convert.ConversionException;
import dev.mapper.convert.Converter;
import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.MapperException;
import dev.mapper.expr.Expressions;
import dev.mapper.model.KeyRule;
import dev.mapper.model.SourcePath;
import dev.mapper.model.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes every target key from the source data: the first present {@code from} path (a blank
 * path counts as absent), the transform, the strict conversion, min/max, the default when nothing
 * is present, and the check. Collects every failing key before giving up.
 */
public final class Evaluator {
    private final CompiledMapping compiled;
    private final Map<String, SourceData> sources;
    private final Map<String, Object> variables = new LinkedHashMap<>();
    private final List<Diagnostic> errors = new ArrayList<>();

    private Evaluator(CompiledMapping compiled, Map<String, SourceData> sources) {
        this.compiled = compiled;
        this.sources = sources;
        sources.forEach((name, data) -> variables.put(name, data.values()));
    }

    /** @throws MapperException (exit 1) naming every key whose value does not convert or check */
    public static List<TargetValues> evaluate(CompiledMapping compiled, Map<String, SourceData> sources) {
        Evaluator evaluator = new Evaluator(compiled, sources);
        List<TargetValues> result = new ArrayList<>();
        for (Target target : compiled.mapping().targets()) {
            List<KeyValue> values = new ArrayList<>();
            for (KeyRule rule : target.rules()) {
                KeyValue v = evaluator.evaluate(target.table(), rule);
                if (v != null) {
                    values.add(v);
                }
            }
            result.add(new TargetValues(target, values));
        }
        if (!evaluator.errors.isEmpty()) {
            throw MapperException.data(evaluator.errors);
        }
        return result;
    }

    /**
     * Why a value that is already typed does not satisfy {@code rule}'s min/max and check (with the
     * sources' values available to the check), or null if it does. For values mapper did not compute.
     */
    public static String problemWith(CompiledMapping compiled, Map<String, SourceData> sources, Target target, KeyRule rule, Object value) {
        if (rule.type().isNumeric()) {
            try {
                Converter.checkRange(value, rule.min(), rule.max());
            } catch (ConversionException e) {
                return e.getMessage();
            }
        }
        Evaluator evaluator = new Evaluator(compiled, sources);
        if (rule.check() != null && !evaluator.passesCheck(target.table() + "." + rule.name(), rule, value)) {
            return evaluator.errors.get(0).message().replaceFirst("^[^:]*: ", "");
        }
        return null;
    }

    /** The columns of each row the mapping appends ({@code append:}), in order. @throws MapperException (exit 1) naming every failing column */
    public static List<AppendValues> evaluateAppends(CompiledMapping compiled, Map<String, SourceData> sources) {
        Evaluator evaluator = new Evaluator(compiled, sources);
        List<AppendValues> result = new ArrayList<>();
        for (dev.mapper.model.AppendedRow row : compiled.mapping().appends()) {
            List<KeyValue> values = new ArrayList<>();
            for (KeyRule rule : row.columns()) {
                KeyValue v = evaluator.evaluate(row.table(), rule);
                if (v != null) {
                    values.add(v);
                }
            }
            result.add(new AppendValues(row, values));
        }
        if (!evaluator.errors.isEmpty()) {
            throw MapperException.data(evaluator.errors);
        }
        return result;
    }

    private KeyValue evaluate(String table, KeyRule rule) {
        String key = table + "." + rule.name();
        Object raw = null;
        Object seen = null;
        String origin = null;
        SourceData readFrom = null;
        List<String> absent = new ArrayList<>();
        for (SourcePath path : rule.from()) {
            SourceData data = sources.get(path.source());
            Object candidate = data.lookup(path.path());
            if (seen == null) {
                seen = candidate;
            }
            if (!rule.absent(candidate)) {
                seen = candidate;
                raw = candidate;
                origin = path.toString();
                readFrom = data;
                break;
            }
            absent.add(path + (data.present() ? (candidate == null ? " is missing" : " is blank")
                    : " is missing (no " + data.source().describe() + ")"));
        }
        try {
            if (rule.transform() != null && (raw != null || rule.from().isEmpty())) {
                raw = compiled.expression(rule.transform()).evaluate(raw, variables);
                origin = (origin == null ? "" : origin + " ") + "via transform";
            }
        } catch (Expressions.EvaluationException e) {
            errors.add(Diagnostic.at(rule.transform().pos(), key + ": transform failed on " + Converter.render(raw)
                    + " (from " + origin + (readFrom == null ? "" : readFrom.readFrom()) + "): " + e.getMessage(), "fix the transform, or the source value"));
            return null;
        }
        Object value;
        boolean defaulted = false;
        if (rule.absent(raw)) {
            if (rule.defaultValue() == null) {
                errors.add(Diagnostic.at(rule.pos(), key + " has no value: " + (absent.isEmpty() ? "the transform gave null" : String.join(", ", absent))
                        + ", and no default", "add a default: to the key, or put the value in the source"));
                return null;
            }
            value = rule.defaultValue();
            defaulted = true;
            origin = "default" + (absent.isEmpty() ? "" : ": " + String.join(", ", absent));
        } else {
            try {
                value = Converter.convert(raw, rule.type());
                if (rule.type().isNumeric()) {
                    Converter.checkRange(value, rule.min(), rule.max());
                }
            } catch (ConversionException e) {
                String fix = readFrom == null || readFrom.savedIn() == null ? "fix the value in the source"
                        : "fix the value saved in backup table " + readFrom.savedIn() + " (or put the row back in " + readFrom.source().table()
                                + ", which is read first)";
                errors.add(Diagnostic.at(rule.pos(), key + ": " + e.getMessage() + " (from " + origin + (readFrom == null ? "" : readFrom.readFrom()) + ")",
                        "expected " + expected(rule) + "; " + fix + ", or change the key's type, transform or default"));
                return null;
            }
        }
        if (rule.check() != null && !passesCheck(key, rule, value)) {
            return null;
        }
        return new KeyValue(rule, value, origin, defaulted, seen);
    }

    private boolean passesCheck(String key, KeyRule rule, Object value) {
        try {
            Object ok = compiled.expression(rule.check()).evaluate(value, variables);
            if (Boolean.TRUE.equals(ok)) {
                return true;
            }
            errors.add(Diagnostic.at(rule.check().pos(), key + ": " + Converter.render(value) + " fails the check '" + rule.check().text() + "'"
                    + (ok instanceof Boolean ? "" : " (it gave " + Converter.render(ok) + ", not true or false)"),
                    "fix the value in the source, or the check"));
        } catch (Expressions.EvaluationException e) {
            errors.add(Diagnostic.at(rule.check().pos(), key + ": check failed on " + Converter.render(value) + ": " + e.getMessage(),
                    "fix the check expression"));
        }
        return false;
    }

    static String expected(KeyRule rule) {
        String type = rule.type().toString();
        if (rule.min() != null && rule.max() != null) {
            return type + " from " + rule.min().toPlainString() + " to " + rule.max().toPlainString();
        }
        if (rule.min() != null) {
            return type + " >= " + rule.min().toPlainString();
        }
        if (rule.max() != null) {
            return type + " <= " + rule.max().toPlainString();
        }
        return type;
    }
}
