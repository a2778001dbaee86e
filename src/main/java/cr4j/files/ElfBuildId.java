package cr4j.files;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;

/**
 * The GNU build-id note (NT_GNU_BUILD_ID) of a 64-bit little-endian ELF file: the linker's hash of
 * the file's contents, which tells whether a library is the one a process had mapped. Every size
 * and offset the file gives is checked against the file and against fixed bounds before use.
 */
public final class ElfBuildId {
    private static final int EHDR_BYTES = 64;
    private static final int PHDR_BYTES = 56;
    private static final int SHDR_BYTES = 64;
    private static final int PT_NOTE = 4;
    private static final int SHT_NOTE = 7;
    private static final int NT_GNU_BUILD_ID = 3;
    private static final byte[] GNU = "GNU\0".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_HEADERS_BYTES = 1 << 20;
    private static final int MAX_NOTES_BYTES = 1 << 20;
    private static final int MAX_BUILD_ID_BYTES = 64;

    private final Path path;
    private final FileChannel channel;
    private final long size;

    private ElfBuildId(Path path, FileChannel channel) throws IOException {
        this.path = path;
        this.channel = channel;
        this.size = channel.size();
    }

    /**
     * The build-id, or empty when the file is not a 64-bit little-endian ELF file or has no such
     * note, and for anything but a regular file (opening a FIFO would block). A file that claims to be ELF but whose headers point outside it is an IOException.
     */
    public static Optional<byte[]> read(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return new ElfBuildId(path, channel).find();
        }
    }

    private Optional<byte[]> find() throws IOException {
        if (size < EHDR_BYTES) {
            return Optional.empty();
        }
        ByteBuffer ehdr = readAt(0, EHDR_BYTES);
        // e_ident: magic, ELFCLASS64 (2), ELFDATA2LSB (1).
        if (ehdr.getInt(0) != 0x464c457f || ehdr.get(4) != 2 || ehdr.get(5) != 1) {
            return Optional.empty();
        }
        Optional<byte[]> fromSegments = fromProgramHeaders(ehdr);
        return fromSegments.isPresent() ? fromSegments : fromSectionHeaders(ehdr);
    }

    private Optional<byte[]> fromProgramHeaders(ByteBuffer ehdr) throws IOException {
        long offset = ehdr.getLong(0x20);
        int entrySize = Short.toUnsignedInt(ehdr.getShort(0x36));
        int count = Short.toUnsignedInt(ehdr.getShort(0x38));
        ByteBuffer table = table(offset, entrySize, count, PHDR_BYTES, "program header");
        for (int i = 0; i < count; i++) {
            int at = i * entrySize;
            if (table.getInt(at) == PT_NOTE) {
                Optional<byte[]> id = notes(table.getLong(at + 0x08), table.getLong(at + 0x20), table.getLong(at + 0x30));
                if (id.isPresent()) {
                    return id;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<byte[]> fromSectionHeaders(ByteBuffer ehdr) throws IOException {
        long offset = ehdr.getLong(0x28);
        int entrySize = Short.toUnsignedInt(ehdr.getShort(0x3a));
        int count = Short.toUnsignedInt(ehdr.getShort(0x3c));
        ByteBuffer table = table(offset, entrySize, count, SHDR_BYTES, "section header");
        for (int i = 0; i < count; i++) {
            int at = i * entrySize;
            if (table.getInt(at + 0x04) == SHT_NOTE) {
                Optional<byte[]> id = notes(table.getLong(at + 0x18), table.getLong(at + 0x20), table.getLong(at + 0x30));
                if (id.isPresent()) {
                    return id;
                }
            }
        }
        return Optional.empty();
    }

    private ByteBuffer table(long offset, int entrySize, int count, int minEntry, String what) throws IOException {
        if (count == 0) {
            return ByteBuffer.allocate(0);
        }
        if (entrySize < minEntry || (long) entrySize * count > MAX_HEADERS_BYTES) {
            throw corrupt(what + " table of " + count + " entries of " + entrySize + " bytes");
        }
        return readAt(offset, entrySize * count);
    }

    /** Walks the notes of one PT_NOTE segment or SHT_NOTE section. */
    private Optional<byte[]> notes(long offset, long length, long align) throws IOException {
        if (length < 0 || length > MAX_NOTES_BYTES) {
            throw corrupt("note area of " + length + " bytes at offset " + offset);
        }
        // Notes are 4-byte aligned, except in areas the linker aligned to 8 (e.g. GNU properties).
        int padding = align == 8 ? 8 : 4;
        ByteBuffer notes = readAt(offset, (int) length);
        int at = 0;
        while (notes.limit() - at >= 12) {
            long nameSize = Integer.toUnsignedLong(notes.getInt(at));
            long descSize = Integer.toUnsignedLong(notes.getInt(at + 4));
            int type = notes.getInt(at + 8);
            long nameAt = at + 12L;
            // The padding aligns the descriptor and the next note within the area, not the sizes.
            long descAt = roundUp(nameAt + nameSize, padding);
            long next = roundUp(descAt + descSize, padding);
            if (descAt + descSize > notes.limit()) {
                throw corrupt("note at offset " + (offset + at) + " runs past its area");
            }
            if (type == NT_GNU_BUILD_ID && nameSize == GNU.length && isGnu(notes, (int) nameAt)) {
                if (descSize == 0 || descSize > MAX_BUILD_ID_BYTES) {
                    throw corrupt("build-id of " + descSize + " bytes at offset " + (offset + descAt));
                }
                byte[] id = new byte[(int) descSize];
                notes.get((int) descAt, id);
                return Optional.of(id);
            }
            at = (int) Math.min(next, notes.limit());
        }
        return Optional.empty();
    }

    private static boolean isGnu(ByteBuffer notes, int at) {
        byte[] name = new byte[GNU.length];
        notes.get(at, name);
        return Arrays.equals(name, GNU);
    }

    private static long roundUp(long value, int alignment) {
        return (value + alignment - 1) / alignment * alignment;
    }

    private ByteBuffer readAt(long offset, int length) throws IOException {
        if (offset < 0 || offset > size || length > size - offset) {
            throw corrupt(length + " bytes at offset " + offset + " lie outside the file of " + size + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
                throw new EOFException(path + ": ends at offset " + (offset + buffer.position())
                        + " though it was " + size + " bytes long");
            }
        }
        return buffer.flip();
    }

    private IOException corrupt(String what) {
        return new IOException(path + ": not a valid ELF file: " + what);
    }
}
