package dev.mapper.db;

import dev.mapper.diag.MapperException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The password for a server, found as libpq finds it (pgjdbc does not): {@code --db-password-file},
 * then PGPASSWORD, then the first matching line of the password file (PGPASSFILE, default
 * {@code ~/.pgpass}: {@code hostname:port:database:username:password}, {@code *} matching anything,
 * {@code \:} and {@code \\} escaped, and the file ignored when others may read it, as libpq does).
 * Null when there is none: the server may not ask for one. The password is never put in a message.
 */
public final class PostgresPassword {
    private PostgresPassword() {}

    public static String find(PostgresServer server, Map<String, String> env) {
        Path file = server.options().passwordFile();
        if (file != null) {
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                return lines.isEmpty() ? "" : lines.get(0);
            } catch (IOException e) {
                throw MapperException.usage("cannot read the password file " + file + " (--db-password-file): " + e.getClass().getSimpleName(),
                        "give a readable file whose first line is the password");
            }
        }
        String fromEnv = env.get("PGPASSWORD");
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv;
        }
        String passFile = env.get("PGPASSFILE");
        Path pgpass = passFile != null && !passFile.isEmpty() ? Path.of(passFile) : Path.of(System.getProperty("user.home"), ".pgpass");
        return fromPassFile(pgpass, server);
    }

    static String fromPassFile(Path pgpass, PostgresServer server) {
        if (!Files.isRegularFile(pgpass) || readableByOthers(pgpass)) {
            return null;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(pgpass, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null; // libpq, too, goes on without the file
        }
        for (String line : lines) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            List<String> fields = fields(line);
            if (fields.size() < 5) {
                continue;
            }
            if (matches(fields.get(0), server.host()) && matches(fields.get(1), Integer.toString(server.port()))
                    && matches(fields.get(2), server.database()) && matches(fields.get(3), server.user())) {
                return fields.get(4);
            }
        }
        return null;
    }

    /** libpq: a host of localhost also matches the default Unix socket; mapper connects over TCP only. */
    private static boolean matches(String pattern, String value) {
        return pattern.equals("*") || pattern.equals(value);
    }

    /** The fields of one line, split at unescaped colons; the last field takes the rest of the line. */
    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                field.append(line.charAt(++i));
            } else if (c == ':' && fields.size() < 4) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    private static boolean readableByOthers(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            for (PosixFilePermission p : permissions) {
                if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
                    return true;
                }
            }
            return false;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
