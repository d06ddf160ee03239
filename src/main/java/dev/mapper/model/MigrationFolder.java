package dev.mapper.model;

import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.MapperException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A folder of numbered mapping files ({@code 004.yaml}, {@code 005-ui-config.yaml}), in version
 * order. The version is the file name's leading number and must equal the mapping's
 * {@code migration:} (as a number, so {@code 4} and {@code 004} are the same version); gaps are
 * allowed, a duplicate version is an error naming both files.
 */
public final class MigrationFolder {
    private static final Pattern NUMBERED = Pattern.compile("([0-9]+)[^/]*\\.ya?ml");
    /** A mapping's test file ({@code 004.test.yaml}, run by {@code mapper test}) sits beside it and is not a migration. */
    public static final Pattern TEST_FILE = Pattern.compile(".*\\.test\\.ya?ml");

    /** One file: its mapping, or the errors that stop it from loading. */
    public record Entry(Path file, BigInteger version, Mapping mapping, List<Diagnostic> errors) {
        public Entry {
            errors = List.copyOf(errors);
        }

        public boolean loaded() {
            return errors.isEmpty();
        }
    }

    private MigrationFolder() {}

    /**
     * Every numbered mapping in {@code dir}, in version order, each loaded or with its errors.
     * @throws MapperException (exit 2) for an unreadable folder, a YAML file without a number, or a duplicate version
     */
    public static List<Entry> scan(Path dir) {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> Files.isRegularFile(f) && isMapping(f)).sorted().toList();
        } catch (IOException e) {
            throw MapperException.usage("cannot list the folder " + dir + ": " + e.getMessage(), "check the path and its permissions");
        }
        List<Diagnostic> errors = new ArrayList<>();
        Map<BigInteger, Path> byVersion = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Path file : files) {
            Matcher m = NUMBERED.matcher(file.getFileName().toString());
            if (!m.matches()) {
                errors.add(Diagnostic.of("mapping file " + file + " has no version number at the start of its name",
                        "name the files of a migration folder NNN-what.yaml, e.g. 005-ui-config.yaml"));
                continue;
            }
            BigInteger version = new BigInteger(m.group(1));
            Path other = byVersion.putIfAbsent(version, file);
            if (other != null) {
                errors.add(Diagnostic.of("duplicate version " + version + ": " + other + " and " + file,
                        "each migration needs its own number; renumber one of them (the next free number)"));
                continue;
            }
            entries.add(load(file, version));
        }
        if (!errors.isEmpty()) {
            throw MapperException.mapping(errors);
        }
        if (entries.isEmpty()) {
            throw MapperException.usage("the folder " + dir + " holds no mapping files (NNN-name.yaml)",
                    "add one, e.g. with: mapper new NAME --dir " + dir);
        }
        entries.sort(Comparator.comparing(Entry::version));
        return entries;
    }

    private static Entry load(Path file, BigInteger version) {
        Mapping mapping;
        try {
            mapping = MappingReader.read(file);
        } catch (MapperException e) {
            return new Entry(file, version, null, e.diagnostics());
        }
        if (!mapping.migration().matches("[0-9]+") || !new BigInteger(mapping.migration()).equals(version)) {
            return new Entry(file, version, mapping, List.of(Diagnostic.of("the file name " + file.getFileName() + " says version " + version
                    + ", but its migration: is \"" + mapping.migration() + "\"", "make them agree: the name orders the folder, migration: names the history row")));
        }
        return new Entry(file, version, mapping, List.of());
    }

    /** The highest version number among the folder's numbered YAML files, or 0 (none, or no folder). */
    public static BigInteger highestVersion(Path dir) {
        if (!Files.isDirectory(dir)) {
            return BigInteger.ZERO;
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(MigrationFolder::isMapping).map(f -> NUMBERED.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> new BigInteger(m.group(1)))
                    .max(Comparator.naturalOrder()).orElse(BigInteger.ZERO);
        } catch (IOException e) {
            throw MapperException.usage("cannot list the folder " + dir + ": " + e.getMessage(), "check the path and its permissions");
        }
    }

    /** The file holding {@code version} in the folder, if any. */
    public static java.util.Optional<Path> fileOf(Path dir, BigInteger version) {
        if (!Files.isDirectory(dir)) {
            return java.util.Optional.empty();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(MigrationFolder::isMapping).filter(f -> {
                Matcher m = NUMBERED.matcher(f.getFileName().toString());
                return m.matches() && new BigInteger(m.group(1)).equals(version);
            }).findFirst();
        } catch (IOException e) {
            throw MapperException.usage("cannot list the folder " + dir + ": " + e.getMessage(), "check the path and its permissions");
        }
    }

    /** A YAML file of the folder that is a migration, not a mapping's test file. */
    public static boolean isMapping(Path file) {
        String name = file.getFileName().toString();
        return name.matches(".*\\.ya?ml") && !TEST_FILE.matcher(name).matches();
    }

    /** The mappings, in order. @throws MapperException (exit 2) listing every file that does not load */
    public static List<Mapping> readAll(Path dir) {
        List<Diagnostic> errors = new ArrayList<>();
        List<Mapping> mappings = new ArrayList<>();
        for (Entry entry : scan(dir)) {
            errors.addAll(entry.errors());
            mappings.add(entry.mapping());
        }
        if (!errors.isEmpty()) {
            throw MapperException.mapping(errors);
        }
        return mappings;
    }
}
