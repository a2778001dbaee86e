package cr4j.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cr4j.image.proto.Mapping;
import cr4j.image.proto.PageRun;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextImageTest {

    @TempDir
    Path dir;

    private final SyntheticContext context = new SyntheticContext();

    @Test
    void roundTripKeepsEveryRecordAndEveryPageByte() throws IOException {
        Path file = dir.resolve("context.100");
        context.writeTo(file);
        try (ContextImage image = ContextImage.open(file)) {
            assertEquals(context.checkpoint, image.checkpoint());
            assertEquals(ContextHeader.ofThisMachine(), image.header());
            assertEquals(context.processes, image.processes().stream().map(ProcessImage::process).toList());
            long total = 0;
            for (ProcessImage process : image.processes()) {
                List<PageRun> runs = process.process().getMappingsList().stream()
                        .flatMap(mapping -> mapping.getPagesList().stream()).toList();
                assertEquals(runs.size(), process.pages().size());
                for (int i = 0; i < runs.size(); i++) {
                    PageBlock block = process.pages().get(i);
                    assertEquals(runs.get(i).getStart(), block.address());
                    assertEquals(runs.get(i).getPages() * 4096, block.length());
                    total += checkedCopy(block);
                }
            }
            assertEquals(SyntheticContext.BIG_RUN_PAGES * 4096 + 11 * 4096, total);
            assertEquals(total, image.trailer().getPageBytes());
            assertEquals(3, image.trailer().getProcesses());
        }
    }

    /** Copies a block into a sink that checks every byte against the synthetic memory. */
    private static long checkedCopy(PageBlock block) throws IOException {
        long[] next = {block.address()};
        block.copyTo((address, chunk) -> {
            assertEquals(next[0], address, "chunks arrive in address order");
            assertTrue(chunk.byteSize() <= PageBlock.CHUNK);
            for (long i = 0; i < chunk.byteSize(); i++) {
                if (chunk.get(ValueLayout.JAVA_BYTE, i) != SyntheticContext.byteAt(address + i)) {
                    throw new AssertionError("byte at 0x" + Long.toHexString(address + i) + " differs");
                }
            }
            next[0] += chunk.byteSize();
        });
        assertEquals(block.address() + block.length(), next[0]);
        return block.length();
    }

    @Test
    void everyPagePayloadStartsOnAPageBoundary() throws IOException {
        Path file = dir.resolve("context.100");
        context.writeTo(file);
        byte[] bytes = Files.readAllBytes(file);
        try (ContextImage image = ContextImage.open(file)) {
            int blocks = 0;
            for (ProcessImage process : image.processes()) {
                for (PageBlock block : process.pages()) {
                    assertEquals(0, block.fileOffset() % 4096, "payload of the block at " + block.address());
                    if (block.length() > 0) {
                        assertEquals(SyntheticContext.byteAt(block.address()), bytes[(int) block.fileOffset()]);
                    }
                    blocks++;
                }
            }
            assertEquals(6, blocks);
        }
    }

    @Test
    void contextStreamedThroughAPipeIsReadBack() throws Exception {
        Pipe pipe = Pipe.open();
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
            try (var sink = pipe.sink()) {
                context.writeTo(sink);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try (ContextImage image = ContextImage.read(pipe.source(), "<pipe>")) {
            writing.get();
            assertEquals(context.checkpoint, image.checkpoint());
            image.verifyPages();
            for (ProcessImage process : image.processes()) {
                for (PageBlock block : process.pages()) {
                    checkedCopy(block);
                }
            }
        }
    }

    @Test
    void regularFileOnADescriptorIsMappedFromItsOffset() throws IOException {
        Path file = dir.resolve("context.100");
        context.writeTo(file);
        try (FileChannel held = FileChannel.open(file, StandardOpenOption.READ);
                ContextImage image = ContextImage.open(descriptorOf(file), "<fd>")) {
            assertEquals(context.checkpoint, image.checkpoint());
            assertTrue(held.isOpen());
        }
    }

    /** The number of a descriptor this JVM holds open on {@code file}. */
    private static int descriptorOf(Path file) throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).equals(file)) {
                        return Integer.parseInt(fd.getFileName().toString());
                    }
                } catch (IOException gone) {
                    // the descriptor listing the directory itself closes while we look
                }
            }
        }
        throw new AssertionError("no descriptor open on " + file);
    }

    @Test
    void pageDataCorruptionIsCaughtWhenCopiedNotAtOpen() throws IOException {
        Path file = dir.resolve("context.100");
        context.writeTo(file);
        long offset;
        try (ContextImage image = ContextImage.open(file)) {
            offset = image.processes().get(0).pages().get(2).fileOffset() + 5 * 4096 + 17;
        }
        flip(file, offset);
        try (ContextImage image = ContextImage.open(file)) {
            PageBlock block = image.processes().get(0).pages().get(2);
            long record = block.fileOffset() - 16;
            IOException e = assertThrows(CorruptContextException.class, image::verifyPages);
            assertTrue(e.getMessage().matches(
                    java.util.regex.Pattern.quote(file + ": record ") + "\\d+ at offset " + record
                            + ": bad checksum of the page data for 0x7f0000000000"), e.getMessage());
            assertThrows(CorruptContextException.class, () -> block.copyTo((address, chunk) -> { }));
            image.processes().get(0).pages().get(0).verify();
        }
    }

    static void flip(Path file, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.put(0, (byte) (one.get(0) ^ 0x40)).rewind();
            channel.write(one, offset);
        }
    }

    static List<Long> recordOffsets(Path file) throws IOException {
        List<Long> offsets = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MemorySegment bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(),
                    java.lang.foreign.Arena.ofAuto());
            long at = ContextHeader.SIZE;
            while (at < bytes.byteSize()) {
                offsets.add(at);
                at += 20 + bytes.get(ValueLayout.JAVA_LONG_UNALIGNED, at + 8);
            }
        }
        return offsets;
    }

    @Test
    void kindsOfMappingsSurvive() throws IOException {
        Path file = dir.resolve("context.100");
        context.writeTo(file);
        try (ContextImage image = ContextImage.open(file)) {
            assertEquals(Mapping.Kind.VDSO, image.processes().get(2).process().getMappings(0).getKind());
        }
    }
}
