package dev.mapper.apply.file;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files a write transaction wrote beside the database (its backup copy, the copy's temporary
 * name). When the transaction fails they are deleted after the rollback: "nothing was changed"
 * must hold for the disk too, and on a full disk the copy is what keeps it full. Kept per thread,
 * as the transaction is: {@link Transaction#write} opens and closes the list around its work.
 */
public final class OwnFiles {
    private static final ThreadLocal<List<Path>> CURRENT = new ThreadLocal<>();

    private OwnFiles() {}

    public static void begin() {
        CURRENT.set(new ArrayList<>());
    }

    static void written(Path file) {
        List<Path> files = CURRENT.get();
        if (files != null) {
            files.add(file);
        }
    }

    /** The transaction committed: its files are the user's now. */
    public static void keep() {
        CURRENT.remove();
    }

    /** Whether the transaction committed is not known (a server's connection lost during COMMIT): keep what it wrote, and say where. */
    public static List<Path> keepUnknown() {
        List<Path> files = CURRENT.get();
        CURRENT.remove();
        return files == null ? List.of() : files.stream().filter(f -> java.nio.file.Files.exists(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList();
    }

    /** The transaction failed: delete what it wrote (a file already renamed away is simply gone). */
    public static void deleteAll() {
        List<Path> files = CURRENT.get();
        CURRENT.remove();
        if (files != null) {
            files.forEach(DatabaseFile::deletePartial);
        }
    }
}
