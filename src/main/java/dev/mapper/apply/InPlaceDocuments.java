package dev.mapper.apply;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mapper.convert.Json;
import dev.mapper.db.Dialect;
import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.MapperException;
import dev.mapper.model.DidYouMean;
import dev.mapper.model.Mapping;
import dev.mapper.model.Target;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The text each in-place document target ({@code in_place: true}) holds now: what its keys are added to, and what rollback puts back. */
public final class InPlaceDocuments {
    private InPlaceDocuments() {}

    /** @throws MapperException (exit 1) naming each in-place document that is missing or is not a JSON object */
    public static Map<String, String> read(Dialect dialect, Connection c, Mapping mapping) throws SQLException {
        Map<String, String> documents = new LinkedHashMap<>();
        List<Diagnostic> problems = new ArrayList<>();
        for (Target target : mapping.targets()) {
            if (!(target instanceof Target.Document doc) || !doc.inPlace()) {
                continue;
            }
            String hint = "in_place: true adds keys to a document that exists: apply the migration that writes " + doc.table()
                    + " first, or remove in_place to create the table";
            if (!dialect.tableExists(c, doc.table())) {
                String near = DidYouMean.closest(doc.table(), dialect.tables(c));
                problems.add(Diagnostic.at(doc.pos(), "cannot evolve " + doc.table() + " row '" + doc.key() + "' in place: the database has no table "
                        + doc.table(), near == null ? hint : "did you mean '" + near + "'? (in_place: true adds keys to a document that exists)"));
                continue;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM " + dialect.quote(doc.table()) + " WHERE key = ?")) {
                ps.setString(1, doc.key());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        problems.add(Diagnostic.at(doc.pos(), "cannot evolve " + doc.table() + " row '" + doc.key() + "' in place: there is no such row", hint));
                        continue;
                    }
                    String text = rs.getString(1);
                    if (!isObject(text)) {
                        problems.add(Diagnostic.at(doc.pos(), doc.table() + " row '" + doc.key() + "' does not hold a JSON object, so it cannot be evolved in place",
                                "fix the row (mapper inspect shows it), then apply again"));
                        continue;
                    }
                    documents.put(doc.table(), text);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw MapperException.data(problems);
        }
        return documents;
    }

    private static boolean isObject(String text) {
        try {
            return text != null && Json.parse(text) instanceof Map<?, ?>;
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
