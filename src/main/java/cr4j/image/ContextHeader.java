package cr4j.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The fixed header that opens every context file (layout in {@link ContextWriter}).
 *
 * @param major format major version; a reader refuses a major it does not know
 * @param minor format minor version; readers accept any minor of their major
 * @param arch ELF e_machine of the checkpointed processes
 * @param pageSize page size of the checkpointed machine
 * @param kernelRelease the kernel release of the checkpointed machine, informational
 */
public record ContextHeader(int major, int minor, int arch, int pageSize, String kernelRelease) {

    public static final int MAJOR = 1;
    public static final int MINOR = 0;
    public static final int ARCH_X86_64 = 62;
    public static final int PAGE_SIZE = 4096;
    public static final int SIZE = 88;

    static final byte[] MAGIC = "CR4JCTX\0".getBytes(StandardCharsets.US_ASCII);
    private static final int RELEASE_LENGTH = 64;
    private static final int RELEASE_OFFSET = 20;
    private static final int CRC_OFFSET = RELEASE_OFFSET + RELEASE_LENGTH;
    private static final ValueLayout.OfShort U16 =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** The header for a context of this machine. */
    public static ContextHeader ofThisMachine() {
        return new ContextHeader(MAJOR, MINOR, ARCH_X86_64, PAGE_SIZE, runningKernelRelease());
    }

    private static String runningKernelRelease() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/sys/kernel/osrelease", e);
        }
    }

    ByteBuffer encode() {
        ByteBuffer buffer = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(MAGIC);
        buffer.putShort((short) major).putShort((short) minor).putShort((short) arch).putShort((short) 0);
        buffer.putInt(pageSize);
        byte[] release = kernelRelease.getBytes(StandardCharsets.UTF_8);
        buffer.put(Arrays.copyOf(release, Math.min(release.length, RELEASE_LENGTH - 1)));
        buffer.position(CRC_OFFSET);
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, CRC_OFFSET);
        buffer.putInt((int) crc.getValue());
        return buffer.flip();
    }

    /** Reads and checks the header at the start of {@code file}; {@code name} is for messages. */
    static ContextHeader decode(MemorySegment file, String name) throws CorruptContextException {
        if (file.byteSize() == 0) {
            throw new CorruptContextException(name, "empty file");
        }
        if (file.byteSize() < MAGIC.length
                || !Arrays.equals(file.asSlice(0, MAGIC.length).toArray(ValueLayout.JAVA_BYTE), MAGIC)) {
            throw new CorruptContextException(name, "not a cr4j context file");
        }
        if (file.byteSize() < SIZE) {
            throw new CorruptContextException(name, "truncated header (" + file.byteSize() + " bytes)");
        }
        CRC32C crc = new CRC32C();
        crc.update(file.asSlice(0, CRC_OFFSET).asByteBuffer());
        if ((int) crc.getValue() != file.get(U32, CRC_OFFSET)) {
            throw new CorruptContextException(name, "header: bad checksum");
        }
        ContextHeader header = new ContextHeader(
                Short.toUnsignedInt(file.get(U16, 8)),
                Short.toUnsignedInt(file.get(U16, 10)),
                Short.toUnsignedInt(file.get(U16, 12)),
                file.get(U32, 16),
                release(file));
        header.check(name);
        return header;
    }

    private static String release(MemorySegment file) {
        byte[] bytes = file.asSlice(RELEASE_OFFSET, RELEASE_LENGTH).toArray(ValueLayout.JAVA_BYTE);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    private void check(String name) throws CorruptContextException {
        if (major != MAJOR) {
            throw new CorruptContextException(name, "unsupported format version " + major + "." + minor
                    + " (this reader knows version " + MAJOR + ")");
        }
        if (arch != ARCH_X86_64) {
            throw new CorruptContextException(name, "context of a foreign architecture (ELF machine "
                    + arch + "), this machine is x86_64 (" + ARCH_X86_64 + ")");
        }
        if (pageSize != PAGE_SIZE) {
            throw new CorruptContextException(name, "page size " + pageSize + ", this machine uses " + PAGE_SIZE);
        }
    }
}
