package cr4j.proc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Locates and reads /proc files; the text is decoded strictly, so a byte we cannot map is reported. */
final class ProcFile {
    private ProcFile() {
    }

    static Path of(int pid, String name) {
        return Path.of("/proc", Integer.toString(pid), name);
    }

    static Path ofTask(int pid, int tid, String name) {
        return Path.of("/proc", Integer.toString(pid), "task", Integer.toString(tid), name);
    }

    static String readText(Path file) throws IOException {
        return decode(file.toString(), Files.readAllBytes(file));
    }

    /**
     * Paths in /proc files are raw bytes; a name that is not UTF-8 could not be reopened by the
     * same Java string, so it is refused with its line rather than replaced.
     */
    static String decode(String file, byte[] bytes) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int line = lineAt(bytes, in.position());
            throw new MalformedProcFileException(file, line, null,
                    "byte offset " + in.position() + " is not valid UTF-8");
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** The number that names a directory entry such as /proc/PID/task/TID or /proc/PID/fd/N. */
    static int entryNumber(Path dir, Path entry, int minimum) throws MalformedProcFileException {
        String name = entry.getFileName().toString();
        try {
            int number = Integer.parseInt(name);
            if (number >= minimum && Character.isDigit(name.charAt(0))) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below with the directory it came from
        }
        throw new MalformedProcFileException(dir.toString(), 0, name, "entry is not a number from " + minimum);
    }

    /** The lines of a /proc file; the final newline does not start another line. */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        if (lines.getLast().isEmpty()) {
            lines.removeLast();
        }
        return lines;
    }

    private static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
