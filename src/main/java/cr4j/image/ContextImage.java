package cr4j.image;

import cr4j.image.proto.Checkpoint;
import cr4j.image.proto.Trailer;
import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * A context file mapped read-only and checked: once {@code open} returns, the header, the framing
 * of every record, every metadata checksum, the page run sizes and the trailer are known good.
 * Page data is checked as it is copied ({@link PageBlock#copyTo}) or by {@link #verifyPages}.
 * Closing unmaps the file; page blocks are unusable afterwards.
 */
public final class ContextImage implements Closeable {

    private static final int STREAM_BUFFER = 1 << 20;

    private final String name;
    private final Arena arena;
    private final ContextHeader header;
    private final Checkpoint checkpoint;
    private final List<ProcessImage> processes;
    private final Trailer trailer;

    private ContextImage(String name, Arena arena, MemorySegment file) throws CorruptContextException {
        this.name = name;
        this.arena = arena;
        this.header = ContextHeader.decode(file, name);
        RecordScanner scanner = new RecordScanner(name, file);
        scanner.scan();
        this.checkpoint = scanner.checkpoint();
        this.processes = scanner.processes();
        this.trailer = scanner.trailer();
    }

    public static ContextImage open(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            throw new FileSystemException(path.toString(), null, "Is a directory");
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return map(channel, 0, channel.size(), path.toString());
        }
    }

    /**
     * Opens the context readable on an inherited descriptor ({@code cr_restart -F FD}). A regular
     * file is mapped from the descriptor's current offset; anything else (a pipe, a terminal) is
     * read to its end into an unlinked temporary file, which is mapped.
     */
    public static ContextImage open(int fd, String name) throws IOException {
        Path link = Path.of("/proc/self/fd/" + fd);
        if (Files.readAttributes(link, BasicFileAttributes.class).isRegularFile()) {
            try (FileChannel channel = FileChannel.open(link, StandardOpenOption.READ)) {
                long position = DescriptorInfo.position(fd);
                return map(channel, position, channel.size() - position, name);
            }
        }
        // Reopening /proc/self/fd/0 works for FIFOs only; the inherited stdin itself reads anything.
        try (ReadableByteChannel in = fd == 0
                ? new FileInputStream(FileDescriptor.in).getChannel()
                : FileChannel.open(link, StandardOpenOption.READ)) {
            return read(in, name);
        }
    }

    /** Reads a context streamed on {@code in} to its end, keeping it in an unlinked temporary file. */
    public static ContextImage read(ReadableByteChannel in, String name) throws IOException {
        Path temporary = Files.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), "cr4j-context-", "");
        try (FileChannel copy = FileChannel.open(temporary, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            Files.delete(temporary);
            long size = 0;
            ByteBuffer buffer = ByteBuffer.allocateDirect(STREAM_BUFFER);
            while (in.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    size += copy.write(buffer, size);
                }
                buffer.clear();
            }
            return map(copy, 0, size, name);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static ContextImage map(FileChannel channel, long from, long size, String name) throws IOException {
        if (size <= 0) {
            throw new CorruptContextException(name, "empty file");
        }
        Arena arena = Arena.ofShared();
        try {
            return new ContextImage(name, arena, channel.map(FileChannel.MapMode.READ_ONLY, from, size, arena));
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** The name used in messages: the path, or what the caller gave for a descriptor. */
    public String name() {
        return name;
    }

    public ContextHeader header() {
        return header;
    }

    public Checkpoint checkpoint() {
        return checkpoint;
    }

    public List<ProcessImage> processes() {
        return processes;
    }

    public Trailer trailer() {
        return trailer;
    }

    /** Checks the checksum of every page block. */
    public void verifyPages() throws IOException {
        for (ProcessImage process : processes) {
            for (PageBlock block : process.pages()) {
                block.verify();
            }
        }
    }

    @Override
    public void close() {
        arena.close();
    }
}
