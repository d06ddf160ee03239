package dev.mapper.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The built jar as a process, optionally as the unprivileged user 'nobody' (so file permissions apply when tests run as root). */
final class Jar {
    static final Path JAR = Path.of("target/mapper.jar").toAbsolutePath();
    static final Path MAPPING_004 = Path.of("mappings/004.yaml").toAbsolutePath();

    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** A started run whose output goes to files (a full pipe must never stall it). */
    record Running(Process process, Path out, Path err) {
        Result await() throws IOException, InterruptedException {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("mapper did not finish within 120 s");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        }

        /** kill -9: the JVM gets no chance to clean up. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    private Jar() {}

    /**
     * The sqlite3 shell, started on {@code db}: the "other program" of the lock and WAL tests. It is
     * not part of Java or Maven, so without it those tests are skipped (CI installs it: .ci/run).
     */
    static Process sqlite3(Path db) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                java.util.stream.Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                        .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "sqlite3"))),
                "the sqlite3 shell is not installed (apt-get install sqlite3)");
        return new ProcessBuilder("sqlite3", db.toString()).redirectErrorStream(true).start();
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * Prepares a directory 'nobody' can use: world-readable and -searchable, with its own copies of
     * the jar and of 004 (the checkout itself may not be readable to other users).
     */
    static void shareWithNobody(Path dir) throws IOException {
        Files.copy(JAR, dir.resolve("mapper.jar"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(MAPPING_004, dir.resolve("004.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        for (Path p = dir; p != null && p.getNameCount() > 1; p = p.getParent()) {
            if (Files.getOwner(p).getName().equals(System.getProperty("user.name"))) {
                Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    static Running start(Path workDir, boolean asNobody, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        Path jar = JAR;
        if (asNobody && isRoot()) {
            command.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
            jar = workDir.resolve("mapper.jar");
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        Process p = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        return new Running(p, out, err);
    }

    static Result run(Path workDir, String... args) throws IOException, InterruptedException {
        return start(workDir, false, args).await();
    }

    static Result runAsNobody(Path workDir, String... args) throws IOException, InterruptedException {
        return start(workDir, true, args).await();
    }
}
