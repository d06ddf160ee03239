package dev.mapper.db;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.util.concurrent.TimeUnit;
import org.sqlite.SQLiteConfig;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * sqlite-jdbc copies its native library out of the jar to a new temporary file on every start, after
 * running {@code uname}, listing /proc/self/map_files and scanning the temporary folder for stale copies
 * (~0.1 s of each mapper run). Run from mapper's own jar, mapper keeps one copy in
 * {@code mapper-cache/<jar size>-<jar time>/} beside the jar (the folder bin/mapper uses; a rebuilt jar gets
 * a new one) and points sqlite-jdbc at it with its documented {@code org.sqlite.lib.*} properties. Anything
 * else — classes not in a jar, sqlite-jdbc in a jar of its own, a read-only folder, the properties already
 * set — leaves sqlite-jdbc to load the library as it always does; so does a copy that fails to load.
 */
final class SqliteNativeLibrary {
    private static final String NAME = LibraryLoaderUtil.getNativeLibName();
    private static boolean done;

    private SqliteNativeLibrary() {}

    /** Before the first connection: use the cached copy, making it first if needed. Never fails. */
    static synchronized void useCachedCopy() {
        if (done) {
            return;
        }
        done = true;
        if (System.getProperty("org.sqlite.lib.path") != null || System.getProperty("org.sqlite.lib.name") != null) {
            return;
        }
        try {
            Path jar = fatJar();
            if (jar == null) {
                return;
            }
            Path folder = jar.resolveSibling("mapper-cache")
                    .resolve(Files.size(jar) + "-" + Files.getLastModifiedTime(jar).to(TimeUnit.SECONDS));
            Path library = folder.resolve(NAME);
            if (!Files.isReadable(library) && !copyOut(folder, library)) {
                return;
            }
            System.setProperty("org.sqlite.lib.path", folder.toString());
            System.setProperty("org.sqlite.lib.name", NAME);
            if (Files.isWritable(folder)) {
                // sqlite-jdbc scans this folder for stale copies on every start (not the whole, often busy, /tmp),
                // and extracts its own copy here if the cached one does not load
                System.setProperty("org.sqlite.tmpdir", folder.toString());
            }
        } catch (IOException | RuntimeException | URISyntaxException e) {
            // sqlite-jdbc's own loading still works
        }
    }

    /** mapper's jar when sqlite-jdbc is inside it (the shaded jar), else null. */
    private static Path fatJar() throws URISyntaxException {
        CodeSource ours = SqliteNativeLibrary.class.getProtectionDomain().getCodeSource();
        CodeSource sqlite = SQLiteConfig.class.getProtectionDomain().getCodeSource();
        if (ours == null || sqlite == null || !ours.getLocation().equals(sqlite.getLocation())) {
            return null;
        }
        Path jar = Path.of(ours.getLocation().toURI());
        return Files.isRegularFile(jar) ? jar : null;
    }

    /** Copies the library for this OS out of the jar, whole or not at all (other runs may be reading the folder). */
    private static boolean copyOut(Path folder, Path library) throws IOException {
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + NAME;
        try (InputStream in = SQLiteConfig.class.getResourceAsStream(resource)) {
            if (in == null) {
                return false;
            }
            Files.createDirectories(folder);
            Path part = folder.resolve(NAME + "." + ProcessHandle.current().pid() + ".part");
            try {
                Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                Files.move(part, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(part);
            }
            return true;
        }
    }
}
