package dev.mapper.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SourceRowTest {
    @Test
    @DisplayName("rows are equal exactly when table, key and value are (the backup check relies on it)")
    void equalsByAllThreeParts() {
        SourceRow row = new SourceRow("server_config", "config", "{\"port\":8080}");
        assertEquals(row, new SourceRow("server_config", "config", "{\"port\":8080}"));
        assertEquals(row.hashCode(), new SourceRow("server_config", "config", "{\"port\":8080}").hashCode());
        assertEquals(new SourceRow("t", null, null), new SourceRow("t", null, null));
        assertNotEquals(row, new SourceRow("metadata", "config", "{\"port\":8080}"));
        assertNotEquals(row, new SourceRow("server_config", "user_settings", "{\"port\":8080}"));
        assertNotEquals(row, new SourceRow("server_config", null, "{\"port\":8080}"));
        assertNotEquals(row, new SourceRow("server_config", "config", "{\"port\":8081}"));
        assertNotEquals(row, new SourceRow("server_config", "config", null));
        assertNotEquals(row, "server_config");
    }
}
