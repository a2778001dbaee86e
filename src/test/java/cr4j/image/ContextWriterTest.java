package cr4j.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cr4j.image.proto.Checkpoint;
import cr4j.image.proto.Mapping;
import cr4j.image.proto.Process;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContextWriterTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private ContextWriter writer;

    @BeforeEach
    void startWithOneProcessOfTwoRuns() throws IOException {
        writer = new ContextWriter(Channels.newChannel(bytes));
        writer.writeCheckpoint(Checkpoint.newBuilder().addPids(7).build());
        writer.writeProcess(SyntheticContext.process(7, 1, List.of(SyntheticContext.mapping(0x1000, 0x9000, 3,
                Mapping.Kind.ANONYMOUS, "", List.of(SyntheticContext.run(0x1000, 2), SyntheticContext.run(0x5000, 1))))));
    }

    @Test
    void headerIsWrittenAtOnceAndPositionCountsBytes() {
        assertEquals(bytes.size(), writer.position());
        assertEquals("CR4JCTX\0", bytes.toString(java.nio.charset.StandardCharsets.US_ASCII).substring(0, 8));
    }

    @Test
    void writingMoreThanTheRunHoldsIsRefused() throws IOException {
        ContextWriter.PageRecord record = writer.beginPages(8192);
        record.write(ByteBuffer.allocate(8000));
        assertThrows(IllegalStateException.class, () -> record.write(ByteBuffer.allocate(193)));
    }

    @Test
    void finishingARunEarlyIsRefused() throws IOException {
        ContextWriter.PageRecord record = writer.beginPages(8192);
        record.write(ByteBuffer.allocate(4096));
        assertThrows(IllegalStateException.class, record::finish);
    }

    @Test
    void aRunOfTheWrongSizeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> writer.beginPages(4096));
    }

    @Test
    void finishingWithRunsDueIsRefused() throws IOException {
        ContextWriter.PageRecord record = writer.beginPages(8192);
        record.write(ByteBuffer.allocate(8192));
        record.finish();
        assertThrows(IllegalStateException.class, writer::finish);
        ContextWriter.PageRecord last = writer.beginPages(4096);
        last.write(ByteBuffer.allocate(4096));
        last.finish();
        writer.finish();
        assertEquals(true, writer.finished());
    }

    @Test
    void processesFollowTheCheckpointPidList() {
        assertThrows(IllegalStateException.class,
                () -> writer.writeProcess(Process.newBuilder().setPid(8).build()));
    }
}
