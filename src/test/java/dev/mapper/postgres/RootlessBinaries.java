package dev.mapper.postgres;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

/**
 * zonky's PostgreSQL binaries, with {@code initdb} and {@code pg_ctl} wrapped so they also run as
 * root. Both refuse root ("cannot be run as root"), and CI runs as root; run as root, the wrapper
 * starts them in a new user namespace ({@code unshare --user}) where mapper's uid 0 is mapped to
 * an ordinary uid: inside it they are not root, outside the files stay root's own. The server that
 * {@code pg_ctl start} forks stays in that namespace. Run as anyone else, the wrapper just runs them.
 * The repacked archive is made once per {@code target/} and reused (zonky unpacks it once too).
 */
final class RootlessBinaries implements PgBinaryResolver {
    static final RootlessBinaries INSTANCE = new RootlessBinaries();
    private static final String WRAPPER = """
            #!/bin/sh
            # mapper's tests: PostgreSQL refuses to run as root; as root, run it in a user namespace as uid 1000
            if [ "$(id -u)" = 0 ]; then exec unshare --user --map-user=1000 --map-group=1000 "$0.real" "$@"; fi
            exec "$0.real" "$@"
            """;

    private RootlessBinaries() {}

    @Override
    public synchronized InputStream getPgBinary(String system, String machineHardware) throws IOException {
        Path dir = Path.of(System.getProperty("ot.epg.working-dir", "target/embedded-pg"));
        Path archive = dir.resolve("postgres-" + system + "-" + machineHardware + "-rootless.txz");
        if (!Files.exists(archive)) {
            Files.createDirectories(dir);
            Path partial = Files.createTempFile(dir, "rootless", ".partial");
            try (InputStream original = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
                    TarArchiveInputStream in = new TarArchiveInputStream(new XZInputStream(original));
                    OutputStream file = Files.newOutputStream(partial);
                    TarArchiveOutputStream out = new TarArchiveOutputStream(new XZOutputStream(file, new LZMA2Options(0)))) {
                out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                TarArchiveEntry entry;
                while ((entry = in.getNextEntry()) != null) {
                    boolean wrapped = entry.getName().equals("bin/initdb") || entry.getName().equals("bin/pg_ctl");
                    if (wrapped) {
                        byte[] script = WRAPPER.getBytes(StandardCharsets.UTF_8);
                        TarArchiveEntry wrapper = new TarArchiveEntry(entry.getName());
                        wrapper.setMode(0755);
                        wrapper.setSize(script.length);
                        out.putArchiveEntry(wrapper);
                        out.write(script);
                        out.closeArchiveEntry();
                        entry.setName(entry.getName() + ".real");
                    }
                    out.putArchiveEntry(entry);
                    if (entry.isFile()) {
                        in.transferTo(out);
                    }
                    out.closeArchiveEntry();
                }
            }
            Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
        }
        return Files.newInputStream(archive);
    }
}
