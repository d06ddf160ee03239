import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a JVM's resident memory is at exit, by what holds it (bench/rss-breakdown.sh runs it). Two roles in one file:
 * <ul>
 * <li>as a java agent ({@code -javaagent:rss-agent.jar=PREFIX}): at exit copies /proc/self/smaps and /proc/self/status
 * to PREFIX.smaps and PREFIX.status. A short run's resident set only grows (its heap is never collected, nothing is
 * unmapped), so what is resident at exit is its peak: PREFIX.status shows VmHWM = VmRSS;</li>
 * <li>as a main ({@code java bench/RssBreakdown.java DIR LABEL...}): reads DIR/LABEL1.smaps, DIR/LABEL1.nmt (the output of
 * {@code -XX:NativeMemoryTracking=detail -XX:+PrintNMTStatistics}, whose virtual memory map says which address range
 * is the Java heap, metaspace, code cache, a thread stack...), DIR/LABEL2..., and prints each mapping's resident size
 * under the JVM's name for its range, or the file it maps; anonymous memory in no such range is malloc's (the JVM's
 * own mallocs, sqlite's, zlib's and the tracking's). The median of each LABEL's runs, in MiB.</li>
 * </ul>
 */
public class RssBreakdown {
    public static void premain(String prefix) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.copy(Path.of("/proc/self/smaps"), Path.of(prefix + ".smaps"), StandardCopyOption.REPLACE_EXISTING);
                Files.copy(Path.of("/proc/self/status"), Path.of(prefix + ".status"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }));
    }

    static final Pattern REGION = Pattern.compile("\\[0x(\\p{XDigit}+) - 0x(\\p{XDigit}+)\\] reserved (?:and committed )?\\d+ for (.+?) from");
    static final Pattern MAPPING = Pattern.compile("(\\p{XDigit}+)-\\p{XDigit}+ \\S+ \\S+ \\S+ \\d+\\s*(.*)");
    static final Pattern RSS = Pattern.compile("Rss:\\s+(\\d+) kB");

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Map<String, List<Map<String, Long>>> runs = new LinkedHashMap<>();
        for (String label : Arrays.copyOfRange(args, 1, args.length)) {
            List<Map<String, Long>> list = new ArrayList<>();
            for (int r = 1; Files.exists(dir.resolve(label + r + ".smaps")); r++) {
                list.add(breakdown(dir.resolve(label + r + ".nmt"), dir.resolve(label + r + ".smaps")));
            }
            runs.put(label, list);
        }
        Map<String, Long> order = new TreeMap<>();
        runs.values().forEach(l -> l.forEach(m -> m.forEach((k, v) -> order.merge(k, v, Math::max))));
        List<String> categories = new ArrayList<>(order.keySet());
        categories.sort((a, b) -> Long.compare(order.get(b), order.get(a)));
        System.out.printf("%-58s", "resident at exit, MiB (median of runs)");
        runs.forEach((label, list) -> System.out.printf("%14s", label + " (" + list.size() + ")"));
        System.out.println();
        categories.add("total");
        for (String c : categories) {
            if (!c.equals("total") && order.get(c) < 51) {
                continue; // under 0.05 MiB everywhere
            }
            System.out.printf("%-58s", c);
            runs.values().forEach(list -> System.out.printf("%14.1f", median(list.stream()
                    .mapToLong(m -> c.equals("total") ? m.values().stream().mapToLong(Long::longValue).sum() : m.getOrDefault(c, 0L))
                    .toArray()) / 1024.0));
            System.out.println();
        }
    }

    static Map<String, Long> breakdown(Path nmt, Path smaps) throws IOException {
        TreeMap<Long, long[]> ends = new TreeMap<>();
        Map<Long, String> names = new LinkedHashMap<>();
        for (String line : Files.readAllLines(nmt)) {
            Matcher m = REGION.matcher(line);
            if (m.lookingAt()) {
                long start = Long.parseUnsignedLong(m.group(1), 16);
                ends.put(start, new long[] {Long.parseUnsignedLong(m.group(2), 16)});
                names.put(start, "JVM: " + m.group(3));
            }
        }
        Map<String, Long> kib = new TreeMap<>();
        String current = null;
        for (String line : Files.readAllLines(smaps)) {
            Matcher m = MAPPING.matcher(line);
            if (m.matches()) {
                long start = Long.parseUnsignedLong(m.group(1), 16);
                Map.Entry<Long, long[]> region = ends.floorEntry(start);
                current = region != null && start < region.getValue()[0] ? names.get(region.getKey()) : file(m.group(2).trim());
                continue;
            }
            Matcher rss = RSS.matcher(line);
            if (rss.matches()) {
                kib.merge(current, Long.parseLong(rss.group(1)), Long::sum);
            }
        }
        return kib;
    }

    static String file(String path) {
        if (path.isEmpty() || path.equals("[heap]")) {
            return "malloc (not in a JVM-reserved range)";
        }
        if (!path.startsWith("/")) {
            return "other " + path;
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.equals("libjvm.so")) {
            return "file: libjvm.so";
        }
        if (name.contains("sqlite")) {
            return "file: sqlite-jdbc's native library";
        }
        if (name.equals("modules")) {
            return "file: the runtime's lib/modules";
        }
        if (name.contains(".so")) {
            return "file: other shared libraries (libc, libjava, libzip...)";
        }
        return "file: other (locale files, the jar...)";
    }

    static long median(long[] values) {
        Arrays.sort(values);
        return values.length == 0 ? 0 : values[(values.length - 1) / 2];
    }
}
