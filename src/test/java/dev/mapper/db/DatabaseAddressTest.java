package dev.mapper.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseAddressTest {
    private static final Map<String, String> NO_ENV = Map.of("PGUSER", "app");

    private static PostgresServer server(String text, Map<String, String> env) {
        return assertInstanceOf(PostgresServer.class, DatabaseAddress.parse(text, env, DatabaseAddress.Options.NONE));
    }

    @Test
    void anythingElseIsASqliteFileExactlyAsGiven() {
        for (String text : new String[] {"data/llama-dashboard.db", "/tmp/a b.db", "app.db?mode=ro", ":memory:", "postgresql.db", "file:x.db"}) {
            DatabaseAddress address = DatabaseAddress.parse(text, NO_ENV, DatabaseAddress.Options.NONE);
            assertEquals(Path.of(text), assertInstanceOf(DatabaseAddress.SqliteFile.class, address).path());
            assertEquals(Path.of(text).toString(), address.toString());
            assertInstanceOf(SqliteDialect.class, address.dialect());
        }
    }

    @Test
    void libpqUrlWithEveryPart() {
        PostgresServer s = server("postgresql://mapper@db.example.com:6543/config?schema=app", NO_ENV);
        assertEquals("mapper", s.user());
        assertEquals("db.example.com", s.host());
        assertEquals(6543, s.port());
        assertEquals("config", s.database());
        assertEquals("app", s.schema());
        assertEquals("jdbc:postgresql://db.example.com:6543/config", s.jdbcUrl());
        assertEquals("postgresql://mapper@db.example.com:6543/config?schema=app", s.toString());
        assertInstanceOf(PostgresDialect.class, s.dialect());
    }

    @Test
    void jdbcFormAndPostgresScheme() {
        PostgresServer s = server("jdbc:postgresql://localhost:5433/llama?user=bob&currentSchema=cfg", NO_ENV);
        assertEquals("bob", s.user());
        assertEquals(5433, s.port());
        assertEquals("cfg", s.schema());
        assertEquals("llama", server("postgres://u@h/llama", NO_ENV).database());
    }

    @Test
    void missingPartsComeFromTheEnvironmentThenLibpqDefaults() {
        PostgresServer fromEnv = server("postgresql:///", Map.of("PGHOST", "pg1", "PGPORT", "5444", "PGUSER", "ops", "PGDATABASE", "cfg"));
        assertEquals("pg1", fromEnv.host());
        assertEquals(5444, fromEnv.port());
        assertEquals("ops", fromEnv.user());
        assertEquals("cfg", fromEnv.database());
        assertEquals("public", fromEnv.schema());
        PostgresServer defaults = server("postgresql://", Map.of("PGUSER", "ops"));
        assertEquals("localhost", defaults.host());
        assertEquals(5432, defaults.port());
        assertEquals("ops", defaults.database()); // libpq: the database defaults to the user name
        PostgresServer given = server("postgresql://me@h:1/d", Map.of("PGHOST", "pg1", "PGPORT", "5444", "PGUSER", "ops"));
        assertEquals("me", given.user());
        assertEquals("h", given.host());
        assertEquals(1, given.port());
    }

    @Test
    void ipv6HostAndPercentEncoding() {
        PostgresServer s = server("postgresql://us%40er@[::1]:5432/my%20db", NO_ENV);
        assertEquals("::1", s.host());
        assertEquals("us@er", s.user());
        assertEquals("my db", s.database());
        assertEquals("jdbc:postgresql://[::1]:5432/my%20db", s.jdbcUrl());
    }

    @Test
    void aPasswordInTheUrlIsRefusedAndNeverRepeated() {
        DatabaseAddress.Refused inUser = assertThrows(DatabaseAddress.Refused.class,
                () -> DatabaseAddress.parse("postgresql://app:s3cret@localhost/db", NO_ENV, DatabaseAddress.Options.NONE));
        assertEquals("the database URL holds a password (after 'app:')", inUser.getMessage());
        assertEquals("postgresql://app:".length(), inUser.offset());
        assertTrue(inUser.hint().contains("PGPASSWORD"), inUser.hint());
        DatabaseAddress.Refused inParam = assertThrows(DatabaseAddress.Refused.class,
                () -> DatabaseAddress.parse("jdbc:postgresql://localhost/db?user=app&password=s3cret", NO_ENV, DatabaseAddress.Options.NONE));
        assertEquals("the database URL holds a password (parameter 'password')", inParam.getMessage());
        for (DatabaseAddress.Refused r : new DatabaseAddress.Refused[] {inUser, inParam}) {
            assertFalse((r.getMessage() + r.hint()).contains("s3cret"));
        }
    }

    @Test
    void otherUnusableUrlsAreRefusedWithTheReason() {
        assertEquals("the database port 'x' is not a port number",
                assertThrows(DatabaseAddress.Refused.class, () -> server("postgresql://h:x/d", NO_ENV)).getMessage());
        assertEquals("the schema 'App' is not a lower-case identifier of at most 63 bytes",
                assertThrows(DatabaseAddress.Refused.class, () -> server("postgresql://h/d?schema=App", NO_ENV)).getMessage());
        assertEquals("the database URL names several hosts ('a,b'); mapper connects to one server",
                assertThrows(DatabaseAddress.Refused.class, () -> server("postgresql://a,b/d", NO_ENV)).getMessage());
    }

    @Test
    void libpqParametersBecomePgjdbcProperties() {
        PostgresServer s = server("postgresql://app@h/d?sslmode=verify-full&sslrootcert=/etc/ssl/root.crt&connect_timeout=5"
                + "&application_name=nightly%20config&options=-c%20work_mem%3D64MB&target_session_attrs=read-write&keepalives=0&schema=cfg", NO_ENV);
        assertEquals(Map.of("sslmode", "verify-full", "sslrootcert", "/etc/ssl/root.crt", "connectTimeout", "5", "ApplicationName", "nightly config",
                "options", "-c work_mem=64MB", "targetServerType", "primary", "tcpKeepAlive", "false"), s.parameters());
        assertEquals("cfg", s.schema());
        assertEquals("jdbc:postgresql://h:5432/d", s.jdbcUrl()); // the properties go to pgjdbc beside the URL, never into it
        assertEquals("postgresql://app@h:5432/d?schema=cfg", s.toString());
        assertEquals(Map.of("sslcert", "c.crt", "sslkey", "c.key", "sslNegotiation", "direct", "gssEncMode", "disable", "channelBinding", "require",
                        "kerberosServerName", "pg", "targetServerType", "preferSecondary"),
                server("postgresql://h/d?sslcert=c.crt&sslkey=c.key&sslnegotiation=direct&gssencmode=disable&channel_binding=require&krbsrvname=pg"
                        + "&target_session_attrs=prefer-standby", NO_ENV).parameters());
    }

    @Test
    void anUnknownParameterOrValueIsRefusedAtItsPositionWithWhatIsAccepted() {
        String url = "postgresql://h/d?schema=app&sslmod=require";
        DatabaseAddress.Refused unknown = assertThrows(DatabaseAddress.Refused.class, () -> server(url, NO_ENV));
        assertEquals("the database URL has an unknown parameter 'sslmod'", unknown.getMessage());
        assertEquals(url.indexOf("sslmod"), unknown.offset());
        assertTrue(unknown.hint().startsWith("mapper takes schema, user, host, port, dbname, sslmode, sslrootcert, sslcert, sslkey, sslnegotiation, "
                + "connect_timeout, application_name, options, target_session_attrs, keepalives, gssencmode, channel_binding, krbsrvname (a password never: "),
                unknown.hint());
        String badMode = "postgresql://h/d?sslmode=requir";
        DatabaseAddress.Refused value = assertThrows(DatabaseAddress.Refused.class, () -> server(badMode, NO_ENV));
        assertEquals("the database URL parameter 'sslmode' is 'requir', which libpq does not accept", value.getMessage());
        assertEquals(badMode.indexOf("requir"), value.offset());
        assertEquals("write one of disable, allow, prefer, require, verify-ca, verify-full", value.hint());
        assertEquals("the database URL parameter 'connect_timeout' is '5s', not a number of seconds",
                assertThrows(DatabaseAddress.Refused.class, () -> server("postgresql://h/d?connect_timeout=5s", NO_ENV)).getMessage());
        DatabaseAddress.Refused sslPassword = assertThrows(DatabaseAddress.Refused.class, () -> server("postgresql://h/d?sslpassword=k3y-Secret", NO_ENV));
        assertEquals("the database URL holds a password (parameter 'sslpassword', the client key's)", sslPassword.getMessage());
        assertFalse((sslPassword.getMessage() + sslPassword.hint()).contains("k3y-Secret"));
    }

    @Test
    void passwordFromTheOptionFileThenPgpasswordThenPgpass(@TempDir Path dir) throws Exception {
        Path pgpass = dir.resolve("pgpass");
        Files.writeString(pgpass, "# comment\nother:5432:*:app:wrong\nh:5432:d:app:from\\:pgpass\n*:*:*:*:fallback\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        PostgresServer s = server("postgresql://app@h:5432/d", NO_ENV);
        assertEquals("from:pgpass", PostgresPassword.find(s, Map.of("PGPASSFILE", pgpass.toString())));
        assertEquals("env", PostgresPassword.find(s, Map.of("PGPASSFILE", pgpass.toString(), "PGPASSWORD", "env")));
        Path file = dir.resolve("password");
        Files.writeString(file, "from-file\nsecond line\n");
        PostgresServer withFile = (PostgresServer) DatabaseAddress.parse("postgresql://app@h:5432/d", NO_ENV, new DatabaseAddress.Options(file, null));
        assertEquals("from-file", PostgresPassword.find(withFile, Map.of("PGPASSWORD", "env")));
        assertEquals("fallback", PostgresPassword.find(server("postgresql://x@y:1/z", NO_ENV), Map.of("PGPASSFILE", pgpass.toString())));
        assertNull(PostgresPassword.find(s, Map.of("PGPASSFILE", dir.resolve("missing").toString())));
    }

    @Test
    void aPgpassOthersMayReadIsIgnoredAsLibpqDoes(@TempDir Path dir) throws Exception {
        Path pgpass = dir.resolve("pgpass");
        Files.writeString(pgpass, "*:*:*:*:secret\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-r--r--"));
        assertNull(PostgresPassword.find(server("postgresql://a@h/d", NO_ENV), Map.of("PGPASSFILE", pgpass.toString())));
    }
}
