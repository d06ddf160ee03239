package dev.mapper.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The results of a test run as text lines, a JSON-ready map, and JUnit XML (the format CI servers read). */
public final class TestReport {
    private TestReport() {}

    /** 0 every case passed, 1 a case failed, 2 a case could not be run as written. */
    public static int exitCode(List<CaseResult> results) {
        if (results.stream().anyMatch(r -> r.status() == CaseResult.Status.BROKEN)) {
            return 2;
        }
        return results.stream().allMatch(CaseResult::passed) ? 0 : 1;
    }

    /** {@code PASS file:line:col  name}, or FAIL/BROKEN and one indented line per problem. */
    public static List<String> lines(CaseResult r) {
        List<String> lines = new ArrayList<>();
        String word = r.status() == CaseResult.Status.PASSED ? "PASS" : r.status() == CaseResult.Status.FAILED ? "FAIL" : "BROKEN";
        lines.add(word + " " + r.pos() + "  " + r.name() + (r.roundTripSkip() == null ? "" : "  (round trip skipped: " + r.roundTripSkip() + ")"));
        r.problems().forEach(p -> lines.add("       " + p));
        return lines;
    }

    public static String summary(List<CaseResult> results) {
        long passed = results.stream().filter(CaseResult::passed).count();
        return passed + " passed, " + (results.size() - passed) + " failed";
    }

    public static List<Map<String, Object>> json(List<CaseResult> results) {
        List<Map<String, Object>> cases = new ArrayList<>();
        for (CaseResult r : results) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("file", r.file());
            json.put("line", r.pos().line());
            json.put("name", r.name());
            json.put("status", r.status().name().toLowerCase());
            json.put("problems", r.problems());
            json.put("roundTripSkipped", r.roundTripSkip());
            cases.add(json);
        }
        return cases;
    }

    /** One testsuite per test file, one testcase per case; a failed or broken case carries its problems. */
    public static void writeJunit(Path file, List<CaseResult> results) throws IOException {
        Map<String, List<CaseResult>> byFile = new LinkedHashMap<>();
        results.forEach(r -> byFile.computeIfAbsent(r.file(), f -> new ArrayList<>()).add(r));
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        long failures = results.stream().filter(r -> r.status() == CaseResult.Status.FAILED).count();
        long errors = results.stream().filter(r -> r.status() == CaseResult.Status.BROKEN).count();
        xml.append("<testsuites name=\"mapper test\" tests=\"").append(results.size()).append("\" failures=\"").append(failures)
                .append("\" errors=\"").append(errors).append("\">\n");
        for (Map.Entry<String, List<CaseResult>> suite : byFile.entrySet()) {
            List<CaseResult> cases = suite.getValue();
            xml.append("  <testsuite name=\"").append(escape(suite.getKey())).append("\" tests=\"").append(cases.size())
                    .append("\" failures=\"").append(cases.stream().filter(r -> r.status() == CaseResult.Status.FAILED).count())
                    .append("\" errors=\"").append(cases.stream().filter(r -> r.status() == CaseResult.Status.BROKEN).count()).append("\">\n");
            for (CaseResult r : cases) {
                xml.append("    <testcase classname=\"").append(escape(suite.getKey())).append("\" name=\"").append(escape(r.name())).append('"');
                if (r.passed()) {
                    xml.append("/>\n");
                    continue;
                }
                String tag = r.status() == CaseResult.Status.FAILED ? "failure" : "error";
                xml.append(">\n      <").append(tag).append(" message=\"").append(escape(r.problems().isEmpty() ? "" : r.problems().get(0))).append("\">")
                        .append(escape(r.pos() + "\n" + String.join("\n", r.problems()))).append("</").append(tag).append(">\n    </testcase>\n");
            }
            xml.append("  </testsuite>\n");
        }
        xml.append("</testsuites>\n");
        Files.writeString(file, xml.toString(), StandardCharsets.UTF_8);
    }

    /** XML text and attribute escaping; characters XML 1.0 cannot hold at all are written as '?'. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    boolean legal = cp == 0x9 || cp == 0xA || cp == 0xD || cp >= 0x20 && cp <= 0xD7FF || cp >= 0xE000 && cp <= 0xFFFD || cp >= 0x10000;
                    if (legal) {
                        out.appendCodePoint(cp);
                    } else {
                        out.append('?');
                    }
                }
            }
        });
        return out.toString();
    }
}
