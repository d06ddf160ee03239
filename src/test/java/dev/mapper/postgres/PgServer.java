package dev.mapper.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL server the tests run against: one per test JVM, a fresh database per test. By
 * default a real server started from zonky's binaries (Maven Central) in {@code target/}; with
 * {@code -Dmapper.test.postgres=postgresql://USER@HOST:PORT/DBNAME} (password in PGPASSWORD) an
 * existing server instead, e.g. Debian's PostgreSQL in CI: the tests create their databases on it.
 */
public final class PgServer {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PgServer shared;

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String adminDatabase;

    private PgServer(String host, int port, String user, String password, String adminDatabase) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.adminDatabase = adminDatabase;
    }

    public static synchronized PgServer get() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    private static PgServer start() {
        String existing = System.getProperty("mapper.test.postgres");
        if (existing != null && !existing.isBlank()) {
            var server = (dev.mapper.db.PostgresServer) dev.mapper.db.DatabaseAddress.parse(existing);
            return new PgServer(server.host(), server.port(), server.user(), System.getenv("PGPASSWORD"), server.database());
        }
        try {
            Path dir = Path.of(System.getProperty("ot.epg.working-dir", "target/embedded-pg"));
            Files.createDirectories(dir);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setPgBinaryResolver(RootlessBinaries.INSTANCE)
                    .setOverrideWorkingDirectory(dir.toFile())
                    .setDataDirectory(Files.createTempDirectory(dir, "data-"))
                    .setCleanDataDirectory(true)
                    .setServerConfig("fsync", "off")
                    .setServerConfig("max_connections", "50")
                    // the superuser logs in without a password, every other role with one (the wrong-password tests)
                    .setDataDirectoryCustomizer(data -> writeHba(data.toPath()))
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is ending; zonky's own hook stops the server too
                }
            }));
            return new PgServer("localhost", pg.getPort(), "postgres", null, "postgres");
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test PostgreSQL server: " + e.getMessage(), e);
        }
    }

    private static void writeHba(Path data) {
        try {
            Files.writeString(data.resolve("pg_hba.conf"), String.join("\n", "local all all trust",
                    "host all postgres 127.0.0.1/32 trust", "host all postgres ::1/128 trust",
                    "host all all 127.0.0.1/32 scram-sha-256", "host all all ::1/128 scram-sha-256", ""));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A login role with a password (created once), for the tests of passwords: its URL on {@code url}'s database. */
    public String withRole(String url, String role, String password) {
        try (Connection c = connect(adminDatabase); Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + role + "') THEN CREATE ROLE " + role
                    + " LOGIN PASSWORD '" + password + "'; END IF; END $$");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return url.replace("postgresql://" + user + "@", "postgresql://" + role + "@");
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    /** A new, empty database (schema public) on the server: its mapper URL. */
    public String freshDatabase() {
        String name = "mapper_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = connect(adminDatabase); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return url(name);
    }

    public String url(String database) {
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, p);
    }

    /** A connection to the database a {@link #freshDatabase} URL names. */
    public Connection connectUrl(String url) throws SQLException {
        return connect(url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", ""));
    }
}
