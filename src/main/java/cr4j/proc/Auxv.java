package cr4j.proc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * /proc/PID/auxv: the auxiliary vector the kernel gave the program at exec, as x86-64 pairs of
 * little-endian 64-bit words ending with AT_NULL. The raw bytes are what PR_SET_MM_MAP takes back.
 */
public final class Auxv {
    public static final int AT_NULL = 0;
    public static final int AT_IGNORE = 1;
    public static final int AT_EXECFD = 2;
    public static final int AT_PHDR = 3;
    public static final int AT_PHENT = 4;
    public static final int AT_PHNUM = 5;
    public static final int AT_PAGESZ = 6;
    public static final int AT_BASE = 7;
    public static final int AT_FLAGS = 8;
    public static final int AT_ENTRY = 9;
    public static final int AT_NOTELF = 10;
    public static final int AT_UID = 11;
    public static final int AT_EUID = 12;
    public static final int AT_GID = 13;
    public static final int AT_EGID = 14;
    public static final int AT_PLATFORM = 15;
    public static final int AT_HWCAP = 16;
    public static final int AT_CLKTCK = 17;
    public static final int AT_SECURE = 23;
    public static final int AT_BASE_PLATFORM = 24;
    public static final int AT_RANDOM = 25;
    public static final int AT_HWCAP2 = 26;
    public static final int AT_EXECFN = 31;
    public static final int AT_SYSINFO_EHDR = 33;

    private static final int ENTRY_BYTES = 16;

    private Auxv() {
    }

    public static byte[] read(int pid) throws IOException {
        return Files.readAllBytes(ProcFile.of(pid, "auxv"));
    }

    /**
     * The entries up to, not including, AT_NULL.
     *
     * @param source the file name to put in error messages
     */
    public static List<AuxvEntry> decode(String source, byte[] raw) throws IOException {
        if (raw.length % ENTRY_BYTES != 0) {
            throw new MalformedProcFileException(source, 0, null,
                    raw.length + " bytes is not a whole number of 16-byte entries");
        }
        ByteBuffer in = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        List<AuxvEntry> entries = new ArrayList<>(raw.length / ENTRY_BYTES);
        while (in.hasRemaining()) {
            long type = in.getLong();
            long value = in.getLong();
            if (type == AT_NULL) {
                return List.copyOf(entries);
            }
            entries.add(new AuxvEntry(type, value));
        }
        throw new MalformedProcFileException(source, 0, null, "no AT_NULL entry ends the vector");
    }

    /** The value of the first entry of {@code type}, for vectors where each type appears once. */
    public static OptionalLong value(List<AuxvEntry> entries, long type) {
        for (AuxvEntry entry : entries) {
            if (entry.type() == type) {
                return OptionalLong.of(entry.value());
            }
        }
        return OptionalLong.empty();
    }
}
