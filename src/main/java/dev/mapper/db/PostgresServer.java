package dev.mapper.db;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL database on a server: {@code postgresql://user@host:port/dbname?schema=NAME} (libpq's
 * URL form, also {@code postgres://} and {@code jdbc:postgresql://}). Parts left out come from
 * PGHOST, PGPORT, PGUSER and PGDATABASE, then libpq's defaults (localhost, 5432, the login name, the
 * user name); the schema defaults to {@code public}. No password is ever part of it: a URL holding
 * one is refused ({@link Refused}), because {@code database:} is stored in history and printed in
 * reports; {@link PostgresPassword} finds it when connecting.
 */
public record PostgresServer(String user, String host, int port, String database, String schema, Map<String, String> parameters, DatabaseAddress.Options options)
        implements DatabaseAddress {

    /** {@code parameters}: the URL's libpq connection parameters as pgjdbc properties ({@link PostgresParameters}), in the URL's order. */
    public PostgresServer {
        parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
    }

    private static final String PASSWORD_HINT = "remove it from the URL and give the password with PGPASSWORD, a .pgpass file "
            + "(PGPASSFILE, default ~/.pgpass) or --db-password-file FILE";
    private static final Pattern URL = Pattern.compile("(?i)(?:jdbc:)?postgres(?:ql)?://(?:([^@/?]*)@)?(\\[[^\\]]*\\]|[^:/?]*)(?::([^/?]*))?(?:/([^?]*))?(?:\\?(.*))?");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_$]{0,62}");

    public static boolean isUrl(String text) {
        String t = text.toLowerCase(java.util.Locale.ROOT);
        return t.startsWith("postgresql://") || t.startsWith("postgres://") || t.startsWith("jdbc:postgresql://");
    }

    static PostgresServer parse(String text, Map<String, String> env, Options options) {
        Matcher m = URL.matcher(text);
        if (!m.matches()) {
            throw new Refused("'" + text + "' is not a PostgreSQL URL", 0, "write it as postgresql://USER@HOST:PORT/DBNAME?schema=NAME");
        }
        String user = null;
        if (m.group(1) != null) {
            int colon = m.group(1).indexOf(':');
            if (colon >= 0) {
                throw new Refused("the database URL holds a password (after '" + decode(m.group(1).substring(0, colon)) + ":')",
                        m.start(1) + colon + 1, PASSWORD_HINT);
            }
            user = decode(m.group(1));
        }
        String host = m.group(2).isEmpty() ? null : decode(m.group(2));
        if (host != null && host.contains(",")) {
            throw new Refused("the database URL names several hosts ('" + host + "'); mapper connects to one server", m.start(2),
                    "name the primary server only");
        }
        String portText = m.group(3) == null || m.group(3).isEmpty() ? null : m.group(3);
        String database = m.group(4) == null || m.group(4).isEmpty() ? null : decode(m.group(4));
        String schema = null;
        Map<String, String> parameters = new java.util.LinkedHashMap<>();
        if (m.group(5) != null && !m.group(5).isEmpty()) {
            int at = m.start(5);
            for (String param : m.group(5).split("&", -1)) {
                int eq = param.indexOf('=');
                String name = eq < 0 ? param : param.substring(0, eq);
                String value = eq < 0 ? "" : decode(param.substring(eq + 1));
                switch (name) {
                    case "password" -> throw new Refused("the database URL holds a password (parameter 'password')", at, PASSWORD_HINT);
                    case "sslpassword" -> throw new Refused("the database URL holds a password (parameter 'sslpassword', the client key's)", at,
                            "remove it and give the client key unencrypted (readable by you alone), as sslkey");
                    case "schema", "currentSchema" -> schema = value;
                    case "user" -> user = value;
                    case "host" -> host = value;
                    case "port" -> portText = value;
                    case "dbname" -> database = value;
                    default -> {
                        if (!PostgresParameters.known(name)) {
                            throw new Refused("the database URL has an unknown parameter '" + name + "'", at,
                                    "mapper takes " + PostgresParameters.accepted() + " (a password never: " + PASSWORD_HINT + ")");
                        }
                        PostgresParameters.add(parameters, name, value, eq < 0 ? at + param.length() : at + eq + 1);
                    }
                }
                at += param.length() + 1;
            }
        }
        host = first(host, env.get("PGHOST"), "localhost");
        if (host.startsWith("/")) {
            throw new Refused("the database host '" + host + "' is a Unix socket directory; mapper connects over TCP", m.start(2),
                    "name the host, e.g. postgresql://USER@localhost:5432/DBNAME");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        portText = first(portText, env.get("PGPORT"), "5432");
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new Refused("the database port '" + portText + "' is not a port number", Math.max(0, m.start(3)), "give a port from 1 to 65535, e.g. :5432");
        }
        user = first(user, env.get("PGUSER"), System.getProperty("user.name"));
        database = first(database, env.get("PGDATABASE"), user);
        schema = first(schema, null, "public");
        if (!IDENTIFIER.matcher(schema).matches()) {
            throw new Refused("the schema '" + schema + "' is not a lower-case identifier of at most 63 bytes", 0,
                    "name a schema made of lower-case letters, digits and _, e.g. ?schema=public");
        }
        return new PostgresServer(user, host, port, database, schema, parameters, options);
    }

    private static String first(String given, String fromEnv, String fallback) {
        if (given != null && !given.isEmpty()) {
            return given;
        }
        return fromEnv != null && !fromEnv.isEmpty() ? fromEnv : fallback;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 128 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    /** pgjdbc's URL: it ignores PGHOST, PGPASSWORD and the other variables, so every part is spelled out here. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + encode(database);
    }

    /** The command that runs a backup script (the psql script {@link PostgresDialect#backup} writes) against this server. */
    @Override
    public String restoreCommand(Path file) {
        return "psql -v ON_ERROR_STOP=1 --single-transaction -f '" + file.toAbsolutePath().toString().replace("'", "'\\''") + "' '"
                + "postgresql://" + encode(user) + "@" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + encode(database) + "'";
    }

    @Override
    public Dialect dialect() {
        return new PostgresDialect(this);
    }

    /** Where a server database's backups go without --backup-dir: a folder in the current directory. */
    public static final String DEFAULT_BACKUP_DIR = "mapper-backups";

    /** A server has no file to copy beside: the backup goes into the backup folder, named after the database and schema. */
    @Override
    public Path backupBase() {
        Path dir = options.backupDir() != null ? options.backupDir() : Path.of(DEFAULT_BACKUP_DIR);
        return dir.toAbsolutePath().resolve(database + "." + schema);
    }

    @Override
    public String backupNote(Path file, String before) {
        return "the rows of every table the migration uses, before " + before + "; restore them with: " + restoreCommand(file);
    }

    @Override
    public String display() {
        return toString();
    }

    @Override
    public String toString() {
        return "postgresql://" + encode(user) + "@" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + encode(database)
                + "?schema=" + schema;
    }
}
