package cr4j.proc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Parser of /proc/PID/maps. */
public final class Maps {
    private static final String DELETED = " (deleted)";

    private Maps() {
    }

    public static List<Vma> read(int pid) throws IOException {
        var file = ProcFile.of(pid, "maps");
        return parse(file.toString(), ProcFile.readText(file));
    }

    /** @param source the file name to put in error messages */
    public static List<Vma> parse(String source, String text) throws IOException {
        List<String> lines = ProcFile.lines(text);
        List<Vma> vmas = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            vmas.add(parseLine(new LineCursor(source, i + 1, lines.get(i))));
        }
        return List.copyOf(vmas);
    }

    // start-end perms offset major:minor inode [padding name]; every field is one space apart,
    // the name follows padding and may itself contain spaces.
    private static Vma parseLine(LineCursor in) throws IOException {
        long start = in.hex(in.until('-'), "start address");
        long end = in.hex(in.until(' '), "end address");
        if (Long.compareUnsigned(start, end) >= 0) {
            throw in.error("start address is not below end address");
        }
        String perms = in.until(' ');
        long offset = in.hex(in.until(' '), "offset");
        int major = (int) in.hexBounded(in.until(':'), "device major", 0xfff);
        int minor = (int) in.hexBounded(in.until(' '), "device minor", 0xfffff);
        long inode = in.decimal(in.untilOrEnd(' '), "inode");
        String name = in.rest().stripLeading();
        boolean deleted = name.endsWith(DELETED);
        if (deleted) {
            name = name.substring(0, name.length() - DELETED.length());
        }
        return new Vma(start, end, flag(in, perms, 0, 'r'), flag(in, perms, 1, 'w'), flag(in, perms, 2, 'x'),
                shared(in, perms), offset, major, minor, inode, name, deleted);
    }

    private static boolean flag(LineCursor in, String perms, int index, char set) throws IOException {
        if (perms.length() != 4) {
            throw in.error("permissions are not 4 characters");
        }
        char c = perms.charAt(index);
        if (c != set && c != '-') {
            throw in.error("permission character " + (index + 1) + " is neither '" + set + "' nor '-'");
        }
        return c == set;
    }

    private static boolean shared(LineCursor in, String perms) throws IOException {
        return switch (perms.charAt(3)) {
            case 's' -> true;
            case 'p' -> false;
            default -> throw in.error("sharing flag is neither 's' nor 'p'");
        };
    }
}
