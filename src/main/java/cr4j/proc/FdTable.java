package cr4j.proc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The open descriptors of a process, from /proc/PID/fd and /proc/PID/fdinfo. */
public final class FdTable {
    private FdTable() {
    }

    /** Sorted by descriptor number. */
    public static List<OpenFd> read(int pid) throws IOException {
        Path dir = ProcFile.of(pid, "fd");
        List<OpenFd> fds = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                int fd = ProcFile.entryNumber(dir, entry, 0);
                Path info = ProcFile.of(pid, "fdinfo/" + fd);
                try {
                    String target = Files.readSymbolicLink(entry).toString();
                    fds.add(parse(info.toString(), fd, target, ProcFile.readText(info)));
                } catch (NoSuchFileException e) {
                    // Closed between the listing and the read (only possible while the task runs).
                }
            }
        }
        fds.sort(Comparator.comparingInt(OpenFd::fd));
        return List.copyOf(fds);
    }

    /**
     * @param source the fdinfo file name to put in error messages
     * @param fdinfo the text of /proc/PID/fdinfo/N; lines after the standard ones are ignored
     */
    public static OpenFd parse(String source, int fd, String target, String fdinfo) throws IOException {
        Map<String, LineCursor> fields = new HashMap<>();
        List<String> lines = ProcFile.lines(fdinfo);
        for (int i = 0; i < lines.size(); i++) {
            LineCursor in = new LineCursor(source, i + 1, lines.get(i));
            String key = in.until(':');
            // Keys such as tfd: (epoll) repeat; only the first of each is kept and read.
            fields.putIfAbsent(key, in);
        }
        long pos = value(source, fields, "pos", 10);
        long flags = value(source, fields, "flags", 8);
        long mntId = value(source, fields, "mnt_id", 10);
        long ino = fields.containsKey("ino") ? value(source, fields, "ino", 10) : 0;
        if (flags > 0xffff_ffffL || mntId > Integer.MAX_VALUE) {
            throw new MalformedProcFileException(source, 0, null, "flags or mnt_id out of range");
        }
        return new OpenFd(fd, target, pos, (int) flags, (int) mntId, ino);
    }

    private static long value(String source, Map<String, LineCursor> fields, String key, int radix)
            throws MalformedProcFileException {
        LineCursor in = fields.get(key);
        if (in == null) {
            throw new MalformedProcFileException(source, 0, null, "required key " + key + " is missing");
        }
        String text = in.rest().strip();
        return radix == 8 ? in.octal(text, key) : in.decimal(text, key);
    }
}
