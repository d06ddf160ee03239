package dev.mapper.db;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The libpq connection parameters a {@code postgresql://…?NAME=VALUE} URL may carry besides mapper's
 * own (schema, user, host, port, dbname), each as the pgjdbc property that does the same thing
 * (names checked against pgjdbc 42.7.14's {@code PGProperty}). Values with a fixed set of choices
 * are checked here, so a misspelt one is refused at its position before anything connects. A
 * parameter that holds a secret ({@code sslpassword}) is refused like a password.
 */
final class PostgresParameters {
    private PostgresParameters() {}

    /** libpq's name, pgjdbc's property, and libpq's accepted values mapped to pgjdbc's (empty: any text). */
    private record Parameter(String libpq, String pgjdbc, Map<String, String> choices) {}

    private static final List<Parameter> ALL = List.of(
            new Parameter("sslmode", "sslmode", same("disable", "allow", "prefer", "require", "verify-ca", "verify-full")),
            new Parameter("sslrootcert", "sslrootcert", Map.of()),
            new Parameter("sslcert", "sslcert", Map.of()),
            new Parameter("sslkey", "sslkey", Map.of()),
            new Parameter("sslnegotiation", "sslNegotiation", same("postgres", "direct")),
            new Parameter("connect_timeout", "connectTimeout", Map.of()),
            new Parameter("application_name", "ApplicationName", Map.of()),
            new Parameter("options", "options", Map.of()),
            new Parameter("target_session_attrs", "targetServerType", ordered("any", "any", "read-write", "primary", "primary", "primary",
                    "read-only", "secondary", "standby", "secondary", "prefer-standby", "preferSecondary")),
            new Parameter("keepalives", "tcpKeepAlive", ordered("1", "true", "0", "false")),
            new Parameter("gssencmode", "gssEncMode", same("disable", "prefer", "require")),
            new Parameter("channel_binding", "channelBinding", same("disable", "prefer", "require")),
            new Parameter("krbsrvname", "kerberosServerName", Map.of()));

    /** The names a URL may use, for the refusal's hint. */
    static String accepted() {
        return "schema, user, host, port, dbname, " + String.join(", ", ALL.stream().map(Parameter::libpq).toList());
    }

    static boolean known(String name) {
        return ALL.stream().anyMatch(p -> p.libpq().equals(name));
    }

    /**
     * Adds parameter {@code name} = {@code value} to {@code properties} as pgjdbc's property.
     *
     * @param valueAt where the value starts in the URL text, for a refusal
     * @throws DatabaseAddress.Refused when the value is not one libpq accepts
     */
    static void add(Map<String, String> properties, String name, String value, int valueAt) {
        Parameter p = ALL.stream().filter(q -> q.libpq().equals(name)).findFirst().orElseThrow();
        String converted = value;
        if (!p.choices().isEmpty()) {
            converted = p.choices().get(value);
            if (converted == null) {
                throw new DatabaseAddress.Refused("the database URL parameter '" + name + "' is '" + value + "', which libpq does not accept", valueAt,
                        "write one of " + String.join(", ", p.choices().keySet()));
            }
        } else if (name.equals("connect_timeout") && !value.matches("[0-9]{1,6}")) {
            throw new DatabaseAddress.Refused("the database URL parameter 'connect_timeout' is '" + value + "', not a number of seconds", valueAt,
                    "write the seconds to wait for the server, e.g. connect_timeout=10");
        }
        properties.put(p.pgjdbc(), converted);
    }

    private static Map<String, String> same(String... values) {
        Map<String, String> choices = new LinkedHashMap<>();
        for (String v : values) {
            choices.put(v, v);
        }
        return choices;
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> choices = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            choices.put(pairs[i], pairs[i + 1]);
        }
        return choices;
    }
}
