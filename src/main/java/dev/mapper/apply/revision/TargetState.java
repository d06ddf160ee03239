package dev.mapper.apply.revision;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mapper.convert.Json;
import dev.mapper.db.Dialect;
import dev.mapper.diag.MapperException;
import dev.mapper.model.Target;
import dev.mapper.plan.Stored;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a target holds now, key by key, in {@link Stored} form: a document's object, or a rows target's rows. */
public final class TargetState {
    private TargetState() {}

    public static Map<String, Object> read(Dialect dialect, Connection c, Target target, String migration) throws SQLException {
        if (!dialect.tableExists(c, target.table())) {
            throw gone("table " + target.table() + " does not exist", migration);
        }
        String table = dialect.quote(target.table());
        Map<String, Object> state = new LinkedHashMap<>();
        if (target instanceof Target.Document doc) {
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM " + table + " WHERE key = ?")) {
                ps.setString(1, doc.key());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw gone(target.table() + " has no row '" + doc.key() + "'", migration);
                    }
                    Object parsed = Json.parse(rs.getString(1));
                    if (!(parsed instanceof Map<?, ?> map)) {
                        throw gone(target.table() + " row '" + doc.key() + "' holds JSON " + Json.typeOf(parsed) + ", not an object", migration);
                    }
                    map.forEach((k, v) -> state.put((String) k, v));
                    return state;
                } catch (JsonProcessingException e) {
                    throw gone(target.table() + " row '" + doc.key() + "' is not valid JSON: " + e.getOriginalMessage(), migration);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT key, value, type FROM " + table + " ORDER BY key");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                state.put(rs.getString(1), new Stored.Row(rs.getString(2), rs.getString(3)));
            }
        }
        return state;
    }

    private static MapperException gone(String what, String migration) {
        return MapperException.data("the target of applied migration " + migration + " is not as mapper left it: " + what,
                "a new revision updates the applied targets in place; restore the target (or roll the migration back) first; nothing was changed");
    }
}
