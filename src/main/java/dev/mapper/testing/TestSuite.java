package dev.mapper.testing;

import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.MapperException;
import dev.mapper.model.MappingReader;
import dev.mapper.model.MigrationFolder;
import dev.mapper.plan.CompiledMapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The test files named on the command line (a test file, a mapping whose test file sits beside it,
 * or a folder: every {@code *.test.yaml} in it), all read and checked, with their mappings
 * compiled, before any case runs: a mistake in any of them stops the run (exit 2) naming them all.
 */
public final class TestSuite {
    private record Loaded(TestFile file, CaseRunner runner) {}

    private final List<Loaded> loaded;
    private final List<Path> untested;

    private TestSuite(List<Loaded> loaded, List<Path> untested) {
        this.loaded = List.copyOf(loaded);
        this.untested = List.copyOf(untested);
    }

    /** @throws MapperException (exit 2) for a path with no test files, or every mistake in the test files and their mappings */
    public static TestSuite load(Path fileOrFolder) {
        List<Path> files = new ArrayList<>();
        List<Path> untested = new ArrayList<>();
        if (Files.isDirectory(fileOrFolder)) {
            try (Stream<Path> list = Files.list(fileOrFolder)) {
                for (Path f : list.sorted().toList()) {
                    String name = f.getFileName().toString();
                    if (MigrationFolder.TEST_FILE.matcher(name).matches()) {
                        files.add(f);
                    } else if (MigrationFolder.isMapping(f) && !Files.exists(TestFileReader.testFileOf(f))) {
                        untested.add(f);
                    }
                }
            } catch (IOException e) {
                throw MapperException.usage("cannot list the folder " + fileOrFolder + ": " + e.getMessage(), "check the path and its permissions");
            }
            if (files.isEmpty()) {
                throw MapperException.usage("the folder " + fileOrFolder + " holds no test files (NAME.test.yaml beside NAME.yaml)",
                        "write one beside a mapping; mapper new writes a skeleton with each new mapping");
            }
        } else if (MigrationFolder.TEST_FILE.matcher(fileOrFolder.getFileName().toString()).matches()) {
            files.add(fileOrFolder);
        } else {
            Path test = TestFileReader.testFileOf(fileOrFolder);
            if (!Files.isRegularFile(test)) {
                throw MapperException.usage(fileOrFolder + " has no test file: " + test + " does not exist",
                        "write the cases there (README.md, \"Testing a mapping\"), then run: mapper test " + test);
            }
            files.add(test);
        }
        List<Diagnostic> errors = new ArrayList<>();
        List<Loaded> loaded = new ArrayList<>();
        for (Path file : files) {
            try {
                loaded.add(loadFile(file));
            } catch (MapperException e) {
                errors.addAll(e.diagnostics());
            }
        }
        if (!errors.isEmpty()) {
            throw MapperException.mapping(errors);
        }
        return new TestSuite(loaded, untested);
    }

    /** One test file, checked against its mapping, which must exist beside it and compile. */
    public static TestFile check(Path testFile) {
        return loadFile(testFile).file();
    }

    private static Loaded loadFile(Path testFile) {
        Path mappingFile = TestFileReader.mappingOf(testFile);
        if (!Files.isRegularFile(mappingFile)) {
            throw MapperException.usage("the test file " + testFile + " tests " + mappingFile + ", which does not exist",
                    "a test file is named after its mapping: NAME.test.yaml beside NAME.yaml");
        }
        CompiledMapping compiled = CompiledMapping.compile(MappingReader.read(mappingFile));
        TestFile file = TestFileReader.read(testFile, compiled.mapping());
        Set<Path> afterFiles = new LinkedHashSet<>();
        file.cases().forEach(c -> afterFiles.addAll(c.given().after()));
        List<CompiledMapping> after = new ArrayList<>();
        for (Path f : afterFiles) {
            after.add(CompiledMapping.compile(MappingReader.read(f)));
        }
        return new Loaded(file, new CaseRunner(compiled, after));
    }

    /** Mappings of the folder with no test file beside them (empty unless a folder was named). */
    public List<Path> untested() {
        return untested;
    }

    public int caseCount() {
        return loaded.stream().mapToInt(l -> l.file().cases().size()).sum();
    }

    /** Runs every case in file order, handing each result to {@code done} as it finishes. */
    public List<CaseResult> run(Consumer<CaseResult> done) {
        List<CaseResult> results = new ArrayList<>();
        for (Loaded l : loaded) {
            for (TestFile.Case c : l.file().cases()) {
                CaseResult result = l.runner().run(l.file(), c);
                results.add(result);
                done.accept(result);
            }
        }
        return results;
    }
}
