package dev.mapper.change;

import dev.mapper.db.Dialect;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;

/**
 * SHA-256 of every row of a table, each value with its Java type (so 1 and '1' differ), BLOBs byte for
 * byte; the rows streamed, never held. SQLite returns a table's rows in rowid order, so one digest over
 * them all is stable. A server returns them in no fixed order (PostgreSQL moves a row an UPDATE
 * rewrites, even with its own values), so there each row is hashed alone and the digests are added
 * modulo 2^256: the same rows give the same sum in any order, and sorting millions of rows is avoided.
 */
public final class RowsHash {
    private RowsHash() {}

    public static String of(Dialect dialect, Connection connection, String table) throws SQLException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        boolean ordered = dialect.rowsInStableOrder();
        BigInteger sum = BigInteger.ZERO;
        try (PreparedStatement s = dialect.streaming(connection, "SELECT * FROM " + dialect.quote(table)); ResultSet rs = s.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    Object value = rs.getObject(i);
                    byte[] bytes = value instanceof byte[] b ? b
                            : (value == null ? "\0null" : value.getClass().getSimpleName() + ":" + value).getBytes(StandardCharsets.UTF_8);
                    digest.update(bytes);
                    digest.update((byte) 0x1f);
                }
                digest.update((byte) 0x1e);
                if (!ordered) {
                    sum = plus(sum, digest.digest()); // digest() also resets it for the next row
                }
            }
        }
        if (!ordered) {
            return String.format("%064x", sum);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);

    /** An order-free sum of rows: {@code sum} plus one row's SHA-256, modulo 2^256. */
    static BigInteger plus(BigInteger sum, byte[] sha256) {
        return sum.add(new BigInteger(1, sha256)).mod(MODULUS);
    }
}
