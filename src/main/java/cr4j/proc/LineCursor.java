package cr4j.proc;

/**
 * Reads the fields of one /proc line left to right; every failure names the file, the line number
 * and the line.
 */
final class LineCursor {
    private final String source;
    private final int lineNumber;
    private final String line;
    private int position;

    LineCursor(String source, int lineNumber, String line) {
        this.source = source;
        this.lineNumber = lineNumber;
        this.line = line;
    }

    /** The text up to the next {@code separator}, which is consumed. */
    String until(char separator) throws MalformedProcFileException {
        int at = line.indexOf(separator, position);
        if (at < 0) {
            throw error("missing '" + separator + "' after column " + (position + 1));
        }
        String field = line.substring(position, at);
        position = at + 1;
        return field;
    }

    /** The text up to the next {@code separator} or the end of the line. */
    String untilOrEnd(char separator) {
        int at = line.indexOf(separator, position);
        String field = line.substring(position, at < 0 ? line.length() : at);
        position = at < 0 ? line.length() : at + 1;
        return field;
    }

    String rest() {
        String rest = line.substring(position);
        position = line.length();
        return rest;
    }

    long hex(String field, String what) throws MalformedProcFileException {
        return number(field, 16, what);
    }

    long hexBounded(String field, String what, long max) throws MalformedProcFileException {
        long value = hex(field, what);
        if (Long.compareUnsigned(value, max) > 0) {
            throw error(what + " " + field + " is out of range");
        }
        return value;
    }

    long octal(String field, String what) throws MalformedProcFileException {
        return number(field, 8, what);
    }

    long decimal(String field, String what) throws MalformedProcFileException {
        return number(field, 10, what);
    }

    /** A %d field: optional '-', ASCII digits, within int range. */
    int signedInt(String field, String what) throws MalformedProcFileException {
        String digits = field.startsWith("-") ? field.substring(1) : field;
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw error(what + " '" + field + "' is not a decimal number");
        }
        try {
            return Integer.parseInt(field);
        } catch (NumberFormatException e) {
            throw error(what + " '" + field + "' does not fit in 32 bits");
        }
    }

    /** Unsigned ASCII digits: /proc prints addresses and counters with %lx, %lo or %lu. */
    private long number(String field, int radix, String what) throws MalformedProcFileException {
        String kind = switch (radix) {
            case 16 -> "a hexadecimal";
            case 8 -> "an octal";
            default -> "a decimal";
        };
        if (field.isEmpty() || !field.chars().allMatch(c -> c < 0x80 && Character.digit(c, radix) >= 0)) {
            throw error(what + " '" + field + "' is not " + kind + " number");
        }
        try {
            return Long.parseUnsignedLong(field, radix);
        } catch (NumberFormatException e) {
            throw error(what + " '" + field + "' does not fit in 64 bits");
        }
    }

    MalformedProcFileException error(String reason) {
        return new MalformedProcFileException(source, lineNumber, line, reason);
    }
}
