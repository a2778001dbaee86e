package cr4j.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextJsonTest {

    @TempDir
    Path dir;

    @Test
    void jsonParsesAndDecodesRegisters() throws IOException {
        Path file = dir.resolve("context.100");
        new SyntheticContext().writeTo(file);
        try (ContextImage image = ContextImage.open(file)) {
            Object parsed = new Json(ContextJson.of(image)).document();
            Map<?, ?> root = (Map<?, ?>) parsed;
            Map<?, ?> checkpoint = (Map<?, ?>) root.get("checkpoint");
            assertEquals("host \"quoted\"\n", checkpoint.get("hostname"));
            assertEquals("SCOPE_TREE", checkpoint.get("scope"));
            List<?> processes = (List<?>) root.get("processes");
            assertEquals(3, processes.size());
            Map<?, ?> first = (Map<?, ?>) processes.get(0);
            Map<?, ?> thread = (Map<?, ?>) ((List<?>) first.get("threads")).get(0);
            Map<?, ?> regs = (Map<?, ?>) thread.get("regs");
            assertEquals(String.valueOf(0x1000L * 100 + 16), regs.get("rip"));
            assertEquals(27, regs.size());
            assertEquals("AQL/", ((Map<?, ?>) first.get("exe")).get("build_id"));
            assertEquals(Long.toString(0x7f0000000000L), ((Map<?, ?>) ((List<?>) ((Map<?, ?>) ((List<?>) first.get("mappings"))
                    .get(2)).get("pages")).get(0)).get("start").toString());
        }
    }

    @Test
    void summaryNamesProcessesThreadsAndMappings() throws IOException {
        Path file = dir.resolve("context.100");
        new SyntheticContext().writeTo(file);
        try (ContextImage image = ContextImage.open(file)) {
            String text = ContextSummary.of(image);
            assertTrue(text.contains("process 101 (proc101) ppid 100"), text);
            assertTrue(text.contains("thread 100: rip 0x64010 rsp 0x64013"), text);
            assertTrue(text.contains("000000600000-000000610000 rw-p HEAP"), text);
            assertTrue(text.contains("total: 3 processes, 6 threads, 5 mappings, 3 descriptors"), text);
        }
    }

    /** A strict JSON reader, enough to prove the output well-formed; numbers stay text. */
    private static final class Json {
        private final String text;
        private int at;

        Json(String text) {
            this.text = text;
        }

        Object document() {
            Object value = value();
            space();
            assertEquals(text.length(), at, "text after the document");
            return value;
        }

        private Object value() {
            space();
            char c = text.charAt(at);
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true");
                case 'f' -> literal("false");
                case 'n' -> literal("null");
                default -> number();
            };
        }

        private Map<String, Object> object() {
            Map<String, Object> object = new LinkedHashMap<>();
            expect('{');
            space();
            if (peek() == '}') {
                at++;
                return object;
            }
            do {
                space();
                String key = string();
                space();
                expect(':');
                object.put(key, value());
                space();
            } while (take() == ',');
            assertEquals('}', text.charAt(at - 1), "object end at " + at);
            return object;
        }

        private List<Object> array() {
            List<Object> array = new ArrayList<>();
            expect('[');
            space();
            if (peek() == ']') {
                at++;
                return array;
            }
            do {
                array.add(value());
                space();
            } while (take() == ',');
            assertEquals(']', text.charAt(at - 1), "array end at " + at);
            return array;
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            for (char c = take(); c != '"'; c = take()) {
                assertTrue(c >= 0x20, "control character in a string at " + at);
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = take();
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    case '"', '\\', '/' -> out.append(e);
                    default -> throw new AssertionError("bad escape at " + at);
                }
            }
            return out.toString();
        }

        private String number() {
            int start = at;
            while (at < text.length() && "-+.eE0123456789".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            String number = text.substring(start, at);
            assertTrue(number.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?"), "number at " + start);
            return number;
        }

        private Object literal(String word) {
            assertTrue(text.startsWith(word, at), "literal at " + at);
            at += word.length();
            return word;
        }

        private void space() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private char peek() {
            return text.charAt(at);
        }

        private char take() {
            return text.charAt(at++);
        }

        private void expect(char c) {
            assertEquals(c, take(), "at " + (at - 1));
        }
    }
}
