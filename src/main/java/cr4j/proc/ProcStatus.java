package cr4j.proc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * /proc/PID/status: identity, credentials, signal and capability masks. Masks are bit N-1 for
 * signal N, bit N for capability N.
 *
 * @param noNewPrivs false when the kernel does not show the key (before it existed, nothing set it)
 * @param capAmb 0 when the kernel does not show the key (no ambient capabilities before 4.3)
 * @param seccomp the seccomp mode, absent when the kernel is built without seccomp
 */
public record ProcStatus(String name, int umask, char state, int tgid, int pid, int ppid, int tracerPid,
                         Ids uid, Ids gid, List<Integer> groups, int threads, long sigPnd, long shdPnd,
                         long sigBlk, long sigIgn, long sigCgt, boolean noNewPrivs, long capInh,
                         long capPrm, long capEff, long capBnd, long capAmb, OptionalInt seccomp) {

    /** The four ids of Uid: and Gid:, as unsigned 32-bit values. */
    public record Ids(int real, int effective, int saved, int filesystem) {
    }

    public ProcStatus {
        groups = List.copyOf(groups);
    }

    public static ProcStatus read(int pid) throws IOException {
        var file = ProcFile.of(pid, "status");
        return parse(file.toString(), ProcFile.readText(file));
    }

    /** @param source the file name to put in error messages */
    public static ProcStatus parse(String source, String text) throws IOException {
        Keys keys = new Keys(source);
        List<String> lines = ProcFile.lines(text);
        for (int i = 0; i < lines.size(); i++) {
            keys.add(i + 1, lines.get(i));
        }
        LineCursor state = keys.cursor("State");
        String stateText = state.rest();
        if (stateText.isEmpty() || (stateText.length() > 1 && stateText.charAt(1) != ' ')) {
            throw state.error("State does not start with a one-letter state");
        }
        // A zombie has no fs_struct left, hence no Umask line: -1 stands for none.
        int umask = keys.has("Umask") ? (int) keys.octal("Umask", 07777) : -1;
        return new ProcStatus(unescape(keys.cursor("Name").rest()), umask,
                stateText.charAt(0), keys.integer("Tgid"), keys.integer("Pid"), keys.integer("PPid"),
                keys.integer("TracerPid"), keys.ids("Uid"), keys.ids("Gid"), keys.groups(),
                keys.integer("Threads"), keys.hex("SigPnd"), keys.hex("ShdPnd"), keys.hex("SigBlk"),
                keys.hex("SigIgn"), keys.hex("SigCgt"), keys.flag("NoNewPrivs"), keys.hex("CapInh"),
                keys.hex("CapPrm"), keys.hex("CapEff"), keys.hex("CapBnd"),
                keys.has("CapAmb") ? keys.hex("CapAmb") : 0, keys.optionalInteger("Seccomp"));
    }

    // The kernel escapes Name: as seq_escape_str(ESCAPE_SPACE | ESCAPE_SPECIAL) does.
    private static String unescape(String escaped) {
        StringBuilder out = new StringBuilder(escaped.length());
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c != '\\' || i + 1 == escaped.length()) {
                out.append(c);
                continue;
            }
            char next = escaped.charAt(++i);
            out.append(switch (next) {
                case 'n' -> '\n';
                case 't' -> '\t';
                case 'r' -> '\r';
                case 'f' -> '\f';
                case 'v' -> '\u000b';
                case 'a' -> '\u0007';
                case 'e' -> '\u001b';
                default -> next;
            });
        }
        return out.toString();
    }

    /** "Key:\tvalue" lines, each key at most once; values are parsed on demand with their line. */
    private static final class Keys {
        private final String source;
        private final Map<String, LineCursor> lines = new HashMap<>();

        Keys(String source) {
            this.source = source;
        }

        void add(int number, String line) throws MalformedProcFileException {
            LineCursor cursor = new LineCursor(source, number, line);
            String key = cursor.until(':');
            if (line.startsWith("\t", key.length() + 1)) {
                cursor.until('\t');
            }
            if (lines.putIfAbsent(key, cursor) != null) {
                throw cursor.error("key " + key + " appears twice");
            }
        }

        boolean has(String key) {
            return lines.containsKey(key);
        }

        LineCursor cursor(String key) throws MalformedProcFileException {
            LineCursor cursor = lines.get(key);
            if (cursor == null) {
                throw new MalformedProcFileException(source, 0, null, "required key " + key + " is missing");
            }
            return cursor;
        }

        int integer(String key) throws MalformedProcFileException {
            LineCursor in = cursor(key);
            return in.signedInt(in.rest(), key);
        }

        OptionalInt optionalInteger(String key) throws MalformedProcFileException {
            return has(key) ? OptionalInt.of(integer(key)) : OptionalInt.empty();
        }

        boolean flag(String key) throws MalformedProcFileException {
            if (!has(key)) {
                return false;
            }
            LineCursor in = cursor(key);
            return switch (in.rest()) {
                case "0" -> false;
                case "1" -> true;
                default -> throw in.error(key + " is neither 0 nor 1");
            };
        }

        long hex(String key) throws MalformedProcFileException {
            LineCursor in = cursor(key);
            return in.hex(in.rest(), key);
        }

        long octal(String key, long max) throws MalformedProcFileException {
            LineCursor in = cursor(key);
            String text = in.rest();
            long value = in.octal(text, key);
            if (value > max) {
                throw in.error(key + " " + text + " is out of range");
            }
            return value;
        }

        Ids ids(String key) throws MalformedProcFileException {
            LineCursor in = cursor(key);
            String[] values = in.rest().split("\t", -1);
            if (values.length != 4) {
                throw in.error(key + " does not hold 4 tab-separated ids");
            }
            return new Ids(id(in, values[0], key), id(in, values[1], key), id(in, values[2], key),
                    id(in, values[3], key));
        }

        List<Integer> groups() throws MalformedProcFileException {
            if (!has("Groups")) {
                return List.of();
            }
            LineCursor in = cursor("Groups");
            List<Integer> groups = new ArrayList<>();
            for (String value : in.rest().split(" ")) {
                if (!value.isEmpty()) {
                    groups.add(id(in, value, "Groups"));
                }
            }
            return groups;
        }

        private static int id(LineCursor in, String value, String key) throws MalformedProcFileException {
            long id = in.decimal(value, key);
            if (id > 0xffff_ffffL) {
                throw in.error(key + " id " + value + " does not fit in 32 bits");
            }
            return (int) id;
        }
    }
}
