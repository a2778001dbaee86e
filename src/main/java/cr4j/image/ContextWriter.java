package cr4j.image;

import cr4j.image.proto.Checkpoint;
import cr4j.image.proto.Mapping;
import cr4j.image.proto.PageRun;
import cr4j.image.proto.Process;
import cr4j.image.proto.Trailer;
import com.google.protobuf.MessageLite;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.zip.CRC32C;

/**
 * Writes a context file front to back, never seeking, so the channel may be a pipe.
 *
 * <p>Layout, all integers little endian:
 * <pre>
 * header   magic "CR4JCTX\0" (8) | u16 major (1) | u16 minor (0) | u16 arch (ELF e_machine, 62 x86_64)
 *          | u16 reserved 0 | u32 page size (4096) | char[64] kernel release, NUL padded
 *          | u32 CRC32C of the 84 bytes before it                                    = 88 bytes
 * record   u32 type | u32 reserved 0 | u64 payload length | payload | u32 CRC32C of type..payload
 * types    PADDING 0, CHECKPOINT 1 (Checkpoint), PROCESS 2 (Process), PAGES 3 (raw pages),
 *          TRAILER 15 (Trailer); metadata payloads are messages of context.proto
 * order    header, CHECKPOINT, then per process its PROCESS record followed by one PAGES record per
 *          PageRun of its mappings (mappings in list order, runs in list order), then TRAILER.
 * </pre>
 * Every PAGES payload starts at a multiple of 4096 in the file, so a reader can map page data and
 * copy it without re-buffering; a PADDING record fills the gap. The trailer counts the records
 * before it (padding included), the page bytes and the processes, so a truncated file is refused.
 *
 * <p>The writer enforces that order: the checkpoint first, processes in the order of
 * {@code Checkpoint.pids}, and each process followed by exactly its page runs.
 */
public final class ContextWriter implements Closeable {

    static final int RECORD_HEADER_SIZE = 16;
    static final int RECORD_CRC_SIZE = 4;

    private final WritableByteChannel out;
    private final Deque<Integer> pidsDue = new ArrayDeque<>();
    private final Deque<PageRun> runsDue = new ArrayDeque<>();
    private long position;
    private long records;
    private long pageBytes;
    private int processes;
    private boolean checkpointWritten;
    private boolean finished;
    private PageRecord openPages;

    /** Writes the header of a context of this machine at once. */
    public ContextWriter(WritableByteChannel out) throws IOException {
        this(out, ContextHeader.ofThisMachine());
    }

    ContextWriter(WritableByteChannel out, ContextHeader header) throws IOException {
        this.out = out;
        writeFully(header.encode());
    }

    /** Bytes written so far, which is the file offset of the next record. */
    public long position() {
        return position;
    }

    public void writeCheckpoint(Checkpoint checkpoint) throws IOException {
        requireNoOpenPages();
        if (checkpointWritten) {
            throw new IllegalStateException("the checkpoint record is already written");
        }
        writeMetadata(RecordType.CHECKPOINT, checkpoint);
        checkpoint.getPidsList().forEach(pidsDue::addLast);
        checkpointWritten = true;
    }

    public void writeProcess(Process process) throws IOException {
        requireNoOpenPages();
        requireNoRunsDue();
        if (!checkpointWritten) {
            throw new IllegalStateException("write the checkpoint record before processes");
        }
        Integer expected = pidsDue.peekFirst();
        if (expected == null || expected != process.getPid()) {
            throw new IllegalStateException("process " + process.getPid()
                    + " is not the next pid of the checkpoint record (expected " + expected + ")");
        }
        writeMetadata(RecordType.PROCESS, process);
        pidsDue.removeFirst();
        processes++;
        for (Mapping mapping : process.getMappingsList()) {
            runsDue.addAll(mapping.getPagesList());
        }
    }

    /**
     * Starts the PAGES record of the next page run of the last process; {@code bytes} must be that
     * run's size. The caller writes exactly that many bytes into the returned record, then
     * finishes it.
     */
    public PageRecord beginPages(long bytes) throws IOException {
        requireNoOpenPages();
        PageRun run = runsDue.peekFirst();
        if (run == null) {
            throw new IllegalStateException("no page run is due: every run of the last process is written");
        }
        long expected = run.getPages() * ContextHeader.PAGE_SIZE;
        if (bytes != expected) {
            throw new IllegalArgumentException("page run at 0x" + Long.toHexString(run.getStart())
                    + " holds " + expected + " bytes, not " + bytes);
        }
        alignNextPayload();
        runsDue.removeFirst();
        openPages = new PageRecord(bytes);
        return openPages;
    }

    /** Writes the trailer; the file is complete afterwards. Does not close the channel. */
    public void finish() throws IOException {
        requireNoOpenPages();
        requireNoRunsDue();
        if (!checkpointWritten || !pidsDue.isEmpty()) {
            throw new IllegalStateException("processes of the checkpoint record not written: " + pidsDue);
        }
        writeMetadata(RecordType.TRAILER, Trailer.newBuilder()
                .setRecords(records)
                .setPageBytes(pageBytes)
                .setProcesses(processes)
                .build());
        finished = true;
    }

    public boolean finished() {
        return finished;
    }

    /** Closes the channel. */
    @Override
    public void close() throws IOException {
        out.close();
    }

    private void alignNextPayload() throws IOException {
        long payloadStart = position + RECORD_HEADER_SIZE;
        if (payloadStart % ContextHeader.PAGE_SIZE == 0) {
            return;
        }
        long overhead = RECORD_HEADER_SIZE + RECORD_CRC_SIZE + RECORD_HEADER_SIZE;
        int fill = (int) Math.floorMod(-(position + overhead), (long) ContextHeader.PAGE_SIZE);
        writeRecord(RecordType.PADDING, new byte[fill]);
    }

    private void writeMetadata(RecordType type, MessageLite message) throws IOException {
        writeRecord(type, message.toByteArray());
    }

    private void writeRecord(RecordType type, byte[] payload) throws IOException {
        ByteBuffer record = ByteBuffer.allocate(RECORD_HEADER_SIZE + payload.length + RECORD_CRC_SIZE)
                .order(ByteOrder.LITTLE_ENDIAN);
        record.putInt(type.code()).putInt(0).putLong(payload.length).put(payload);
        CRC32C crc = new CRC32C();
        crc.update(record.array(), 0, record.position());
        record.putInt((int) crc.getValue());
        writeFully(record.flip());
        records++;
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            position += out.write(buffer);
        }
    }

    private void requireNoOpenPages() {
        if (openPages != null) {
            throw new IllegalStateException("the PAGES record begun at offset " + openPages.start
                    + " is not finished");
        }
    }

    private void requireNoRunsDue() {
        if (!runsDue.isEmpty()) {
            throw new IllegalStateException(runsDue.size()
                    + " page runs of the last process are not written yet, next at 0x" + Long.toHexString(runsDue.peekFirst().getStart()));
        }
    }

    /** One PAGES record being written: the page bytes go straight to the channel, uncopied. */
    public final class PageRecord {
        private final long start;
        private final long length;
        private final CRC32C crc = new CRC32C();
        private long written;

        private PageRecord(long length) throws IOException {
            this.start = position;
            this.length = length;
            ByteBuffer header = ByteBuffer.allocate(RECORD_HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(RecordType.PAGES.code()).putInt(0).putLong(length).flip();
            crc.update(header.duplicate());
            writeFully(header);
        }

        /** Writes all remaining bytes of {@code pages}. */
        public void write(ByteBuffer pages) throws IOException {
            if (pages.remaining() > length - written) {
                throw new IllegalStateException("PAGES record of " + length + " bytes: "
                        + (written + pages.remaining()) + " bytes written");
            }
            written += pages.remaining();
            crc.update(pages.duplicate());
            writeFully(pages);
        }

        /** Writes the record's checksum; every byte of the run must have been written. */
        public void finish() throws IOException {
            if (written != length) {
                throw new IllegalStateException("PAGES record of " + length + " bytes finished after "
                        + written + " bytes");
            }
            ByteBuffer sum = ByteBuffer.allocate(RECORD_CRC_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            writeFully(sum.putInt((int) crc.getValue()).flip());
            records++;
            pageBytes += length;
            openPages = null;
        }
    }
}
