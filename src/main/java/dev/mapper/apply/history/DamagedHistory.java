package dev.mapper.apply.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mapper.convert.Json;
import dev.mapper.diag.MapperException;
import java.util.ArrayList;
import java.util.List;

/**
 * mapper_history is mapper's own record, but it lives in the user's database, where anything may
 * have edited it. Its values are checked as they are read, so a damaged row is one clear message
 * (exit 1) naming the row and the value, never a ClassCastException deep inside status or rollback.
 */
public final class DamagedHistory {
    private DamagedHistory() {}

    /** @return the checksum, a SHA-256 in hex as mapper writes it */
    static String checksum(long id, String checksum) {
        if (checksum == null || !checksum.matches("[0-9a-f]{64}")) {
            throw damaged(id, "checksum", checksum, "is not a SHA-256 (64 hexadecimal digits)");
        }
        return checksum;
    }

    /** @return the created tables, a JSON list of table names as mapper writes it */
    static List<String> tables(long id, String json) {
        Object parsed;
        try {
            parsed = json == null ? null : Json.parse(json);
        } catch (JsonProcessingException e) {
            parsed = null;
        }
        if (!(parsed instanceof List<?> list)) {
            throw damaged(id, "created_tables", json, "is not a JSON list of table names");
        }
        List<String> names = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof String name) || name.isEmpty()) {
                throw damaged(id, "created_tables", json, "holds " + (item == null ? "null" : Json.write(item)) + ", not a table name");
            }
            names.add(name);
        }
        return names;
    }

    private static MapperException damaged(long id, String column, String value, String problem) {
        String shown = value == null ? "NULL" : "'" + (value.length() > 80 ? value.substring(0, 80) + "…" : value) + "'";
        return MapperException.data("mapper_history row " + id + " is damaged: " + column + " " + shown + " " + problem,
                "mapper_history is mapper's record of what it applied, and something else changed it: restore the database from a backup "
                        + "taken before that change, or put back the value mapper wrote; nothing was changed");
    }
}
