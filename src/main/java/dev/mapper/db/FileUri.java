package dev.mapper.db;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A SQLite {@code file:} URI naming exactly one file: the absolute path with every byte outside
 * the URI's unreserved characters percent-encoded, so no character of a name (space, '?', '#',
 * '%', ':') can become a query parameter, a fragment or a special database name.
 */
final class FileUri {
    private FileUri() {}

    static String of(Path file) {
        StringBuilder uri = new StringBuilder("file:");
        for (byte b : file.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "/-._~".indexOf(c) >= 0)) {
                uri.append((char) c);
            } else {
                uri.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            }
        }
        return uri.toString();
    }
}
