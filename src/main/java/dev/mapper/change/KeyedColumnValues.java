package dev.mapper.change;

import dev.mapper.convert.Converter;
import dev.mapper.db.Dialect;
import dev.mapper.model.ColumnDecl;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * {@link ColumnValues} where rows are found by key (PostgreSQL: the primary key; no row id, and rows come
 * back in no fixed order). Only the rows that hold something other than the column's default (or NULL
 * without one) count: each such row's key and value (its text in the column's type) is hashed alone and
 * the digests are added modulo 2^256 ({@link RowsHash}), once with the value and once without. Rollback
 * recomputes both over the rows there are now. Equal sums and count: dropping the column loses exactly
 * what the migration wrote, nothing the app wrote; rows the app added since holding the default change
 * nothing. Equal keys but another value sum: values the migration wrote were changed. Anything else:
 * rows were written, added with a value, or deleted since. (A row the migration gave the default and the
 * app deleted since is not seen: dropping the column loses nothing of it.)
 */
final class KeyedColumnValues {
    private KeyedColumnValues() {}

    static ColumnValues read(Dialect dialect, Connection c, String table, String column, ColumnDecl declaration, List<String> key) throws SQLException {
        MessageDigest digest = newDigest();
        Object fill = Undo.literalValue(declaration.defaultSql());
        String q = dialect.quote(column);
        String isFill = fill == null ? q + " IS NULL" : q + " " + dialect.isSame() + " ?";
        List<String> keys = key.stream().map(k -> "CAST(" + dialect.quote(k) + " AS TEXT)").toList();
        long rows = 0;
        long notDefault = 0;
        BigInteger values = BigInteger.ZERO;
        BigInteger keySum = BigInteger.ZERO;
        try (PreparedStatement ps = dialect.streaming(c, "SELECT " + String.join(", ", keys) + ", CAST(" + q + " AS TEXT), CASE WHEN " + isFill
                + " THEN 1 ELSE 0 END FROM " + dialect.quote(table))) {
            if (fill != null) {
                dialect.bindText(ps, 1, String.valueOf(fill)); // read as the column's type, as the default's literal was
            }
            try (ResultSet rs = ps.executeQuery()) {
                int width = keys.size();
                while (rs.next()) {
                    rows++;
                    if (rs.getInt(width + 2) == 1) {
                        continue;
                    }
                    notDefault++;
                    for (int i = 1; i <= width; i++) {
                        digest.update(rs.getString(i).getBytes(StandardCharsets.UTF_8));
                        digest.update((byte) 0x1f);
                    }
                    digest.update((byte) 0x1e);
                    MessageDigest withValue;
                    try {
                        withValue = (MessageDigest) digest.clone();
                    } catch (CloneNotSupportedException e) {
                        throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
                    }
                    keySum = RowsHash.plus(keySum, digest.digest()); // digest() also resets it for the next row
                    String value = rs.getString(width + 1);
                    withValue.update(value == null ? new byte[] {0} : ("v" + value).getBytes(StandardCharsets.UTF_8));
                    values = RowsHash.plus(values, withValue.digest());
                }
            }
        }
        return new ColumnValues(rows, 0, String.format("%064x", values), new ColumnValues.Keyed(key, notDefault, String.format("%064x", keySum)));
    }

    /** Why the column no longer holds what the migration wrote (see the class comment), or empty when it does. */
    static Optional<String> writtenSince(ColumnValues recorded, Dialect dialect, Connection c, String table, String column, ColumnDecl declaration)
            throws SQLException {
        ColumnValues.Keyed was = recorded.keyed();
        ColumnValues now = read(dialect, c, table, column, declaration, was.key());
        boolean sameRows = now.keyed().notDefault() == was.notDefault() && now.keyed().keysSha256().equals(was.keysSha256());
        if (sameRows && now.sha256().equals(recorded.sha256())) {
            return Optional.empty();
        }
        String where = table + "." + column;
        if (sameRows) {
            return Optional.of(where + ": values in the " + recorded.rows() + " row(s) the migration wrote were changed since; dropping or restoring the "
                    + "column would lose them");
        }
        Object fill = Undo.literalValue(declaration.defaultSql());
        return Optional.of(where + ": " + now.keyed().notDefault() + " row(s) hold values other than the column's default ("
                + (fill == null ? "NULL" : Converter.render(fill)) + "), where the migration left " + was.notDefault() + " such row(s): values were "
                + "written since (to rows it wrote, or to rows added since), or rows it wrote were deleted; dropping or restoring the column could lose them");
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
