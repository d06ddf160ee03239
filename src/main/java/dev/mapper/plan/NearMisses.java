package dev.mapper.plan;

import dev.mapper.convert.Converter;
import dev.mapper.model.DidYouMean;
import dev.mapper.model.KeyRule;
import dev.mapper.model.Mapping;
import dev.mapper.model.SourcePath;
import dev.mapper.model.Target;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Keys that took their default because no {@code from} path is in the source, while the source
 * holds a field with a near name ({@code server.ctx_sise} beside {@code ctx_size}). validate cannot
 * know — only the live data shows it — so plan and apply say it.
 *
 * <p>A wrong hint is worse than none: a field another key already reads is never suggested (it is
 * no one's misspelling), and "near" is strict: the same letters ignoring case and {@code _ - space},
 * or one edit apart (two for names of 8 letters or more).
 */
public final class NearMisses {
    private NearMisses() {}

    /** One line per missed path: {@code router_config.ctxSize: server.ctx_sise is not in …; did you mean server.ctx_size? …}. */
    public static List<String> find(Mapping mapping, List<TargetValues> targets, Map<String, SourceData> sources) {
        Set<String> read = new HashSet<>();
        mapping.targets().forEach(t -> t.rules().forEach(r -> r.from().forEach(p -> read.add(p.toString()))));
        List<String> lines = new ArrayList<>();
        for (TargetValues values : targets) {
            Target target = values.target();
            for (KeyValue kv : values.values()) {
                if (!kv.defaulted()) {
                    continue;
                }
                KeyRule rule = kv.rule();
                for (SourcePath path : rule.from()) {
                    SourceData data = sources.get(path.source());
                    if (data == null || !data.present() || data.lookup(path.path()) != null) {
                        continue; // no document at all, or present but blank: the plan already says so
                    }
                    String near = nearest(data, path, read);
                    if (near != null) {
                        lines.add(path.pos() + ": " + target.table() + "." + rule.name() + ": " + path + " is not in " + data.source().describe()
                                + ", which has " + near + ": did you mean " + near + "? (the default " + Converter.render(kv.value()) + " is used)");
                    }
                }
            }
        }
        return lines;
    }

    private static String nearest(SourceData data, SourcePath path, Set<String> read) {
        List<String> parentPath = path.path().subList(0, path.path().size() - 1);
        Object parent = parentPath.isEmpty() ? data.values() : data.lookup(parentPath);
        if (!(parent instanceof Map<?, ?> fields)) {
            return null;
        }
        String missing = path.path().get(path.path().size() - 1);
        String prefix = path.source() + (parentPath.isEmpty() ? "" : "." + String.join(".", parentPath)) + ".";
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Object key : fields.keySet()) {
            String field = String.valueOf(key);
            if (read.contains(prefix + field)) {
                continue;
            }
            int d = normalized(field).equals(normalized(missing)) ? 0 : DidYouMean.distance(missing.toLowerCase(Locale.ROOT), field.toLowerCase(Locale.ROOT));
            int allowed = Math.min(missing.length(), field.length()) >= 8 ? 2 : 1;
            if (d <= allowed && d < bestDistance) {
                best = prefix + field;
                bestDistance = d;
            }
        }
        return best;
    }

    private static String normalized(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[_\\- ]", "");
    }
}
