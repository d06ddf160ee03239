package dev.mapper.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A PostgreSQL server of its own, standing in for "an existing server" (Debian's in CI) when
 * {@code src/test/sh/existing-postgres.sh} checks that {@code -Dmapper.test.postgres=URL} runs the
 * suites there: it writes its URL to {@code args[0]}, serves until the file {@code args[1]} appears,
 * then prints the databases the tests made on it and stops.
 */
public final class StandaloneServer {
    private StandaloneServer() {}

    public static void main(String[] args) throws Exception {
        Path urlFile = Path.of(args[0]);
        Path stopFile = Path.of(args[1]);
        Path dir = Files.createDirectories(Path.of("target/existing-pg"));
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setPgBinaryResolver(RootlessBinaries.INSTANCE)
                .setOverrideWorkingDirectory(dir.toFile())
                .setDataDirectory(Files.createTempDirectory(dir, "data-"))
                .setCleanDataDirectory(true)
                .setServerConfig("fsync", "off")
                .start()) {
            String url = "postgresql://postgres@localhost:" + pg.getPort() + "/postgres";
            Files.writeString(urlFile, url + "\n");
            System.out.println("serving " + url);
            while (!Files.exists(stopFile)) {
                Thread.sleep(200);
            }
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + pg.getPort() + "/postgres", "postgres", "");
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname LIKE 'mapper\\_test\\_%'")) {
                rs.next();
                System.out.println("databases the tests made on this server: " + rs.getLong(1));
            }
        }
    }
}
