package cr4j.proc;

import java.io.IOException;

/**
 * A /proc file held a line this parser cannot trust. The message names the file, the line number
 * (1-based, 0 when the fault is not tied to one line) and the offending text, so a bad parse is
 * never mistaken for a value.
 */
public final class MalformedProcFileException extends IOException {
    private final String file;
    private final int lineNumber;

    public MalformedProcFileException(String file, int lineNumber, String line, String reason) {
        super(file + (lineNumber > 0 ? " line " + lineNumber : "") + ": " + reason
                + (line == null ? "" : ": '" + printable(line) + "'"));
        this.file = file;
        this.lineNumber = lineNumber;
    }

    public String file() {
        return file;
    }

    public int lineNumber() {
        return lineNumber;
    }

    /** Keeps control characters of a hostile line out of the message, and keeps it to one line. */
    private static String printable(String line) {
        StringBuilder out = new StringBuilder();
        int limit = Math.min(line.length(), 200);
        for (int i = 0; i < limit; i++) {
            char c = line.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (line.length() > limit) {
            out.append("...");
        }
        return out.toString();
    }
}
