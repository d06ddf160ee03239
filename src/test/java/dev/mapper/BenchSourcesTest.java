package dev.mapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmarks under bench/ are not run by the build (no test asserts a time), so nothing else would notice
 * when a change in mapper's code leaves them unable to compile: bench/Bench.java still imported a class from
 * the package it had left, and {@code bash bench/run.sh} failed before measuring anything. Compiling them
 * here, against the classes the tests see, keeps every figure in docs/performance.md reproducible.
 */
class BenchSourcesTest {

    @Test
    void everyBenchmarkCompilesAgainstTodaysCode(@TempDir Path out) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "the tests run on a JDK, which has a compiler");
        List<String> sources;
        try (Stream<Path> files = Files.list(Path.of("bench"))) {
            sources = files.filter(f -> f.toString().endsWith(".java")).map(Path::toString).sorted().toList();
        }
        assertTrue(sources.contains("bench" + File.separator + "Bench.java") && sources.contains("bench" + File.separator + "PgBench.java"), sources.toString());
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-cp", System.getProperty("java.class.path"), "-proc:none", "-Xlint:none"));
        args.addAll(sources);
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int exit = javac.run(null, errors, errors, args.toArray(String[]::new));
        assertEquals(0, exit, "javac bench/*.java failed:\n" + errors.toString(StandardCharsets.UTF_8));
    }
}
