package cr4j.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What /proc/self/fdinfo/N tells about an inherited descriptor (proc(5)). */
final class DescriptorInfo {

    static final int O_APPEND = 02000;

    private DescriptorInfo() {
    }

    static long position(int fd) throws IOException {
        return Long.parseLong(field(fd, "pos:"));
    }

    static int flags(int fd) throws IOException {
        return Integer.parseInt(field(fd, "flags:"), 8);
    }

    private static String field(int fd, String key) throws IOException {
        Path info = Path.of("/proc/self/fdinfo/" + fd);
        for (String line : Files.readAllLines(info)) {
            if (line.startsWith(key)) {
                return line.substring(key.length()).strip();
            }
        }
        throw new IOException(info + ": no '" + key + "' line");
    }
}
