package dev.mapper.model;

import dev.mapper.diag.Pos;
import java.math.BigDecimal;
import java.util.List;

/**
 * How one target key gets its value: the first present {@code from} path, else the default;
 * converted strictly to {@code type}, then checked against min/max and {@code check}.
 *
 * @param defaultValue already converted to {@code type}; null when the key has no default
 * @param transform    null, or a JEXL expression over {@code value} and the sources
 * @param check        null, or a JEXL predicate over {@code value} and the sources
 * @param blankIsAbsent blank text counts as absent ({@code blank: absent}; always for {@code path})
 */
public record KeyRule(
        String name,
        Pos pos,
        List<SourcePath> from,
        ValueType type,
        Object defaultValue,
        BigDecimal min,
        BigDecimal max,
        Expr transform,
        Expr check,
        boolean blankIsAbsent) {
    public KeyRule {
        from = List.copyOf(from);
    }

    /** Whether a raw value counts as absent (so the next {@code from} path, or the default, applies): null, or blank text where the rule says so. */
    public boolean absent(Object raw) {
        return raw == null || (blankIsAbsent && raw instanceof String s && s.isBlank());
    }
}
