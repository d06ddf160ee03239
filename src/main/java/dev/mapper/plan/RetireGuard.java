package dev.mapper.plan;

import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.MapperException;
import dev.mapper.model.DidYouMean;
import dev.mapper.model.Expr;
import dev.mapper.model.KeyRule;
import dev.mapper.model.Mapping;
import dev.mapper.model.Source;
import dev.mapper.model.SourcePath;
import dev.mapper.model.Target;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Retiring a source deletes its rows, so every field in them that no rule reads would be lost
 * without a word: a typo in a path ({@code server.ctx_sise}) silently writes the default and
 * deletes {@code ctx_size}. Such a retirement is refused, naming each unread field and the nearest
 * name a rule uses, unless the source lists the field under {@code dropped:} (lost on purpose).
 */
public final class RetireGuard {
    private RetireGuard() {}

    /**
     * @param fromBackup the sources whose live rows are gone (read from the backup table): retiring them deletes nothing
     * @throws MapperException (exit 1) listing every unread field of every retired source
     */
    public static void check(Mapping mapping, java.util.Map<String, SourceData> sources, List<String> fromBackup) {
        List<Diagnostic> problems = new ArrayList<>();
        for (String name : mapping.retire()) {
            Source source = mapping.source(name).orElseThrow();
            SourceData data = sources.get(name);
            if (data == null || !data.present() || fromBackup.contains(name)) {
                continue;
            }
            Set<String> read = read(mapping, name);
            List<String> unread = new ArrayList<>();
            for (String field : data.values().keySet()) {
                if (!read.contains(field) && !dropped(source).contains(field)) {
                    unread.add(field);
                }
            }
            for (String field : unread) {
                String near = DidYouMean.closest(field, List.copyOf(read));
                problems.add(Diagnostic.at(source.pos(), "retiring '" + name + "' would delete " + source.describe() + " field '" + field
                                + "', which no rule reads" + (near == null ? "" : "; a rule reads '" + name + "." + near + "': is that a typo for '" + field + "'?"),
                        "read it in a rule, or list it under dropped: in source '" + name + "' to delete it on purpose; nothing was changed"));
            }
        }
        if (!problems.isEmpty()) {
            throw MapperException.data(problems);
        }
    }

    private static List<String> dropped(Source source) {
        return source instanceof Source.Document d ? d.dropped() : source instanceof Source.Rows r ? r.dropped() : List.of();
    }

    /** The top-level fields of a source that any rule reads: in 'from', or as source.field in a transform or check. */
    private static Set<String> read(Mapping mapping, String sourceName) {
        Set<String> read = new LinkedHashSet<>();
        Pattern inExpression = Pattern.compile("\\b" + Pattern.quote(sourceName) + "\\s*\\.\\s*([A-Za-z_][A-Za-z0-9_]*)");
        for (Target target : mapping.targets()) {
            for (KeyRule rule : target.rules()) {
                for (SourcePath path : rule.from()) {
                    if (path.source().equals(sourceName)) {
                        read.add(path.path().get(0));
                    }
                }
                for (Expr expr : new Expr[] {rule.transform(), rule.check()}) {
                    if (expr != null) {
                        Matcher m = inExpression.matcher(expr.text());
                        while (m.find()) {
                            read.add(m.group(1));
                        }
                    }
                }
            }
        }
        return read;
    }
}
