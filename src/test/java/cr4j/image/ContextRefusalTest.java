package cr4j.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cr4j.image.proto.Checkpoint;
import cr4j.image.proto.Process;
import cr4j.image.proto.Trailer;
import com.google.protobuf.MessageLite;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextRefusalTest {

    @TempDir
    Path dir;

    private Path written() throws IOException {
        Path file = dir.resolve("context.100");
        new SyntheticContext().writeTo(file);
        return file;
    }

    private static String refusal(Path file) {
        return assertThrows(CorruptContextException.class, () -> ContextImage.open(file).close()).getMessage();
    }

    @Test
    void emptyFileIsRefused() throws IOException {
        Path file = Files.createFile(dir.resolve("context.1"));
        assertEquals(file + ": empty file", refusal(file));
    }

    @Test
    void foreignFileIsNotAContext() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "#!/bin/sh\necho hello, this is not a context\n");
        assertEquals(file + ": not a cr4j context file", refusal(file));
    }

    @Test
    void flippedMagicOrHeaderByteIsRefused() throws IOException {
        Path file = written();
        ContextImageTest.flip(file, 3);
        assertEquals(file + ": not a cr4j context file", refusal(file));
        ContextImageTest.flip(file, 3);
        ContextImageTest.flip(file, 30);
        assertEquals(file + ": header: bad checksum", refusal(file));
    }

    @Test
    void flippedMetadataByteIsRefusedWithRecordAndOffset() throws IOException {
        Path file = written();
        List<Long> offsets = ContextImageTest.recordOffsets(file);
        ContextImageTest.flip(file, offsets.get(1) + 16 + 3);
        assertEquals(file + ": record 2 at offset " + offsets.get(1) + ": bad checksum", refusal(file));
    }

    @Test
    void flippedChecksumOfTheCheckpointIsRefused() throws IOException {
        Path file = written();
        long checkpointEnd = ContextImageTest.recordOffsets(file).get(1);
        ContextImageTest.flip(file, checkpointEnd - 1);
        assertEquals(file + ": record 1 at offset 88: bad checksum", refusal(file));
    }

    @Test
    void unknownRecordTypeIsRefused() throws IOException {
        Path file = written();
        ContextImageTest.flip(file, 88 + 1);
        assertEquals(file + ": record 1 at offset 88: unknown record type 16385", refusal(file));
    }

    @Test
    void truncatedFilesAreRefusedWherever() throws IOException {
        Path file = written();
        byte[] whole = Files.readAllBytes(file);
        List<Long> offsets = ContextImageTest.recordOffsets(file);
        long trailer = offsets.getLast();
        Path cut = dir.resolve("cut");
        Files.write(cut, java.util.Arrays.copyOf(whole, 50));
        assertEquals(cut + ": truncated header (50 bytes)", refusal(cut));
        Files.write(cut, java.util.Arrays.copyOf(whole, 100));
        assertEquals(cut + ": record 1 at offset 88: truncated record (12 bytes before the end of the file)",
                refusal(cut));
        Files.write(cut, java.util.Arrays.copyOf(whole, (int) trailer));
        assertEquals(cut + ": truncated: no trailer after record " + (offsets.size() - 1) + " (file ends at offset "
                + trailer + ")", refusal(cut));
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 1));
        assertEquals(cut + ": record " + offsets.size() + " at offset " + trailer
                + ": truncated TRAILER record (payload of " + (whole.length - trailer - 20)
                + " bytes, file ends at offset " + (whole.length - 1) + ")", refusal(cut));
        int pages = firstPagesRecord(whole, offsets);
        long inPages = offsets.get(pages) + 1000;
        Files.write(cut, java.util.Arrays.copyOf(whole, (int) inPages));
        assertEquals(cut + ": record " + (pages + 1) + " at offset " + offsets.get(pages)
                + ": truncated PAGES record (payload of 8192 bytes, file ends at offset " + inPages + ")", refusal(cut));
    }

    private static int firstPagesRecord(byte[] file, List<Long> offsets) {
        for (int i = 0; i < offsets.size(); i++) {
            if (file[offsets.get(i).intValue()] == 3) {
                return i;
            }
        }
        throw new AssertionError("no PAGES record");
    }

    @Test
    void bytesAfterTheTrailerAreRefused() throws IOException {
        Path file = written();
        List<Long> offsets = ContextImageTest.recordOffsets(file);
        Files.write(file, new byte[] {0}, StandardOpenOption.APPEND);
        assertEquals(file + ": record " + offsets.size() + " at offset " + offsets.getLast()
                + ": 1 bytes after the trailer", refusal(file));
    }

    @Test
    void foreignArchitectureIsRefused() throws IOException {
        Path file = dir.resolve("context.arm");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ContextWriter writer = new ContextWriter(channel, new ContextHeader(1, 0, 183, 4096, "6.8.0"));
            writer.writeCheckpoint(Checkpoint.getDefaultInstance());
            writer.finish();
        }
        assertEquals(file + ": context of a foreign architecture (ELF machine 183), this machine is x86_64 (62)",
                refusal(file));
    }

    @Test
    void unknownMajorVersionIsRefusedButANewerMinorIsRead() throws IOException {
        Path file = dir.resolve("context.v2");
        Files.write(file, frames(new ContextHeader(2, 0, 62, 4096, "6.8.0")));
        assertEquals(file + ": unsupported format version 2.0 (this reader knows version 1)", refusal(file));
        Files.write(file, frames(new ContextHeader(1, 7, 62, 4096, "6.8.0"),
                record(1, Checkpoint.getDefaultInstance()), record(15, Trailer.newBuilder().setRecords(1).build())));
        try (ContextImage image = ContextImage.open(file)) {
            assertEquals(7, image.header().minor());
        }
    }

    @Test
    void wrongPageSizeIsRefused() throws IOException {
        Path file = dir.resolve("context.64k");
        Files.write(file, frames(new ContextHeader(1, 0, 62, 65536, "6.8.0")));
        assertEquals(file + ": page size 65536, this machine uses 4096", refusal(file));
    }

    @Test
    void trailerCountsMustMatchTheFile() throws IOException {
        Path file = dir.resolve("context.bad-trailer");
        Files.write(file, frames(ContextHeader.ofThisMachine(), record(1, Checkpoint.getDefaultInstance()),
                record(0, new byte[5]), record(15, Trailer.newBuilder().setRecords(1).build())));
        assertEquals(file + ": record 3 at offset 133: trailer counts 1 records, 0 page bytes and 0 processes;"
                + " the file holds 2, 0 and 0", refusal(file));
    }

    @Test
    void pagesRecordMustMatchItsPageRun() throws IOException {
        Process process = SyntheticContext.process(7, 1, List.of(SyntheticContext.mapping(0x1000, 0x3000, 3,
                cr4j.image.proto.Mapping.Kind.ANONYMOUS, "", List.of(SyntheticContext.run(0x1000, 2)))));
        byte[] head = frames(ContextHeader.ofThisMachine(),
                record(1, Checkpoint.newBuilder().addPids(7).build()), record(2, process));
        int fill = Math.floorMod(-(head.length + 36), 4096);
        Path file = dir.resolve("context.short-run");
        Files.write(file, concat(head, record(0, new byte[fill]), record(3, new byte[4096]),
                record(15, Trailer.newBuilder().setRecords(4).setPageBytes(4096).setProcesses(1).build())));
        assertEquals(file + ": record 4 at offset " + (head.length + 20 + fill) + ": PAGES record of 4096 bytes for"
                + " the run at 0x1000 of process 7, which holds 8192", refusal(file));
    }

    @Test
    void processMissingFromTheCheckpointListIsRefused() throws IOException {
        Process process = SyntheticContext.process(7, 1, List.of());
        Path file = dir.resolve("context.stray");
        Files.write(file, frames(ContextHeader.ofThisMachine(), record(1, Checkpoint.newBuilder().addPids(8).build()),
                record(2, process), record(15, Trailer.newBuilder().setRecords(2).setProcesses(1).build())));
        assertEquals(file + ": record 2 at offset 111: process 7 is not pid number 1 of the checkpoint record [8]",
                refusal(file));
    }

    /** A header followed by the given records, as bytes. */
    private static byte[] frames(ContextHeader header, byte[]... records) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Channels.newChannel(out).write(header.encode());
        return concat(out.toByteArray(), concat(records));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] record(int type, MessageLite message) {
        return record(type, message.toByteArray());
    }

    private static byte[] record(int type, byte[] payload) {
        ByteBuffer record = ByteBuffer.allocate(20 + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        record.putInt(type).putInt(0).putLong(payload.length).put(payload);
        CRC32C crc = new CRC32C();
        crc.update(record.array(), 0, record.position());
        record.putInt((int) crc.getValue());
        return record.array();
    }
}
