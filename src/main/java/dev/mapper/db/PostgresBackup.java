package dev.mapper.db;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.copy.CopyManager;

/**
 * The backup of a PostgreSQL migration: a psql script that puts back the rows every table the
 * migration locked holds now, streamed with {@code COPY … TO STDOUT} on the migration's own
 * connection. The tables are locked against writers, so consecutive COPY statements see one state.
 * Restoring drops the tables the migration could have created (those it names that did not exist),
 * empties the others, gives each the shape it had ({@link PostgresTableShape}: columns with their
 * types, NOT NULL and defaults, constraints, indexes, triggers), copies their rows back and rewinds
 * the sequences they own, in one transaction ({@link PostgresServer#restoreCommand}). The shapes are
 * read here, in the migration's transaction before its first change.
 */
final class PostgresBackup {
    private static final String HEADER = "-- mapper's backup of ";

    private final PostgresServer server;
    private final PostgresCatalog catalog;

    PostgresBackup(PostgresServer server, PostgresCatalog catalog) {
        this.server = server;
        this.catalog = catalog;
    }

    /**
     * {@code absent}: the tables the migration may create (they did not exist), dropped first on restore;
     * {@code absentFunction}: mapper's id function when it did not exist yet, or null.
     */
    void write(Connection connection, List<String> tables, List<String> absent, String absentFunction, Path file) throws SQLException {
        CopyManager copy = connection.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER + server + ": the rows of " + tables.size() + " table(s) before the migration\n");
            out.write("-- restore: " + server.restoreCommand(file) + "\n");
            out.write("SET search_path = " + quote(server.schema()) + ";\n");
            out.write("SET standard_conforming_strings = on;\n");
            for (String table : absent) {
                out.write("DROP TABLE IF EXISTS " + quote(table) + ";\n");
            }
            if (absentFunction != null) {
                out.write("DROP FUNCTION IF EXISTS " + absentFunction + ";\n");
            }
            if (!tables.isEmpty()) {
                out.write("TRUNCATE " + String.join(", ", tables.stream().map(PostgresBackup::quote).toList()) + ";\n");
            }
            List<PostgresTableShape> shapes = new java.util.ArrayList<>();
            for (String table : tables) {
                PostgresTableShape shape = PostgresTableShape.read(connection, server.schema(), table);
                shapes.add(shape);
                out.write(shape.restore() + "\n");
            }
            for (String table : tables) {
                String columns = String.join(", ", catalog.columns(connection, table).stream().map(PostgresBackup::quote).toList());
                out.write("COPY " + quote(table) + " (" + columns + ") FROM stdin;\n");
                out.flush();
                copy.copyOut("COPY " + quote(table) + " (" + columns + ") TO STDOUT", out);
                out.write("\\.\n");
            }
            for (PostgresTableShape shape : shapes) {
                for (String rewind : shape.rewind()) {
                    out.write(rewind + "\n");
                }
            }
        } catch (IOException e) {
            throw new SQLException("cannot write " + file + ": " + e.getMessage(), "58030", e);
        }
    }

    /**
     * Whether {@code file} is a script {@link #write} wrote of this server's database and schema: its
     * first line names them (whoever logged in: the user is not part of what was backed up).
     */
    static boolean isScriptOf(PostgresServer server, Path file) {
        String url = server.toString();
        String database = url.substring(url.indexOf('@') + 1); // host:port/dbname?schema=…; the user is percent-encoded, so holds no '@'
        try (java.io.BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = in.readLine();
            return first != null && first.startsWith(HEADER + "postgresql://") && first.contains("@" + database + ": the rows of ");
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
