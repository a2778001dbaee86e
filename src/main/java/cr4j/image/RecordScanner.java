package cr4j.image;

import cr4j.image.proto.Checkpoint;
import cr4j.image.proto.Mapping;
import cr4j.image.proto.PageRun;
import cr4j.image.proto.Process;
import cr4j.image.proto.Trailer;
import com.google.protobuf.InvalidProtocolBufferException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Walks the records of a mapped context file once, checking framing, order, metadata checksums,
 * page run sizes and the trailer, and collects what the file holds. Page data is not read.
 */
final class RecordScanner {

    private static final long MAX_METADATA = 1L << 30;
    private static final ValueLayout.OfInt U32 =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int FRAMING = ContextWriter.RECORD_HEADER_SIZE + ContextWriter.RECORD_CRC_SIZE;

    private final String name;
    private final MemorySegment file;
    private final List<ProcessImage> processes = new ArrayList<>();
    private final Deque<PageRun> runsDue = new ArrayDeque<>();
    private long offset = ContextHeader.SIZE;
    private long record;
    private long recordStart;
    private long pageBytes;
    private Checkpoint checkpoint;
    private Process process;
    private List<PageBlock> blocks;
    private Trailer trailer;

    RecordScanner(String name, MemorySegment file) {
        this.name = name;
        this.file = file;
    }

    void scan() throws CorruptContextException {
        while (trailer == null) {
            if (offset == file.byteSize()) {
                throw new CorruptContextException(name, "truncated: no trailer after record " + record
                        + " (file ends at offset " + offset + ")");
            }
            record++;
            readRecord();
        }
        if (offset != file.byteSize()) {
            throw fault((file.byteSize() - offset) + " bytes after the trailer");
        }
    }

    Checkpoint checkpoint() {
        return checkpoint;
    }

    List<ProcessImage> processes() {
        return List.copyOf(processes);
    }

    Trailer trailer() {
        return trailer;
    }

    private void readRecord() throws CorruptContextException {
        recordStart = offset;
        long available = file.byteSize() - recordStart;
        if (available < FRAMING) {
            throw fault("truncated record (" + available + " bytes before the end of the file)");
        }
        int code = file.get(U32, recordStart);
        long length = file.get(U64, recordStart + 8);
        RecordType type = RecordType.of(code);
        if (type == null) {
            throw fault("unknown record type " + code);
        }
        if (length < 0 || length > available - FRAMING) {
            throw fault("truncated " + type + " record (payload of " + Long.toUnsignedString(length)
                    + " bytes, file ends at offset " + file.byteSize() + ")");
        }
        MemorySegment whole = file.asSlice(recordStart, FRAMING + length);
        offset = recordStart + FRAMING + length;
        if (type == RecordType.PAGES) {
            readPages(whole, length);
            return;
        }
        if (length > MAX_METADATA) {
            throw fault(type + " record of " + length + " bytes is too large for metadata");
        }
        checkMetadataCrc(whole);
        MemorySegment payload = whole.asSlice(ContextWriter.RECORD_HEADER_SIZE, length);
        try {
            switch (type) {
                case PADDING -> { }
                case CHECKPOINT -> readCheckpoint(Checkpoint.parseFrom(payload.asByteBuffer()));
                case PROCESS -> readProcess(Process.parseFrom(payload.asByteBuffer()));
                case TRAILER -> readTrailer(Trailer.parseFrom(payload.asByteBuffer()));
                default -> throw new IllegalStateException(type.toString());
            }
        } catch (InvalidProtocolBufferException e) {
            throw fault("undecodable " + type + " record: " + e.getMessage());
        }
    }

    private void checkMetadataCrc(MemorySegment whole) throws CorruptContextException {
        long covered = whole.byteSize() - ContextWriter.RECORD_CRC_SIZE;
        CRC32C crc = new CRC32C();
        crc.update(whole.asSlice(0, covered).asByteBuffer());
        if ((int) crc.getValue() != whole.get(U32, covered)) {
            throw fault("bad checksum");
        }
    }

    private void readCheckpoint(Checkpoint read) throws CorruptContextException {
        if (checkpoint != null) {
            throw fault("second CHECKPOINT record");
        }
        checkpoint = read;
    }

    private void readProcess(Process read) throws CorruptContextException {
        requireCheckpoint("PROCESS");
        requireNoRunsDue("PROCESS");
        int index = processes.size() + (process == null ? 0 : 1);
        if (index >= checkpoint.getPidsCount() || checkpoint.getPids(index) != read.getPid()) {
            throw fault("process " + read.getPid() + " is not pid number " + (index + 1)
                    + " of the checkpoint record " + checkpoint.getPidsList());
        }
        closeProcess();
        process = read;
        blocks = new ArrayList<>();
        for (Mapping mapping : read.getMappingsList()) {
            runsDue.addAll(mapping.getPagesList());
        }
    }

    private void readPages(MemorySegment whole, long length) throws CorruptContextException {
        PageRun run = runsDue.pollFirst();
        if (run == null) {
            throw fault("PAGES record that no page run of a process announced");
        }
        long expected = run.getPages() * ContextHeader.PAGE_SIZE;
        if (length != expected) {
            throw fault("PAGES record of " + length + " bytes for the run at 0x" + Long.toHexString(run.getStart())
                    + " of process " + process.getPid() + ", which holds " + expected);
        }
        if ((recordStart + ContextWriter.RECORD_HEADER_SIZE) % ContextHeader.PAGE_SIZE != 0) {
            throw fault("page data not aligned to " + ContextHeader.PAGE_SIZE + " bytes");
        }
        blocks.add(new PageBlock(name, record, recordStart, whole, run.getStart()));
        pageBytes += length;
    }

    private void readTrailer(Trailer read) throws CorruptContextException {
        requireCheckpoint("TRAILER");
        requireNoRunsDue("TRAILER");
        closeProcess();
        if (processes.size() != checkpoint.getPidsCount()) {
            throw fault("trailer after " + processes.size() + " processes, the checkpoint record lists "
                    + checkpoint.getPidsCount());
        }
        if (read.getRecords() != record - 1 || read.getPageBytes() != pageBytes
                || read.getProcesses() != processes.size()) {
            throw fault("trailer counts " + read.getRecords() + " records, " + read.getPageBytes()
                    + " page bytes and " + read.getProcesses() + " processes; the file holds "
                    + (record - 1) + ", " + pageBytes + " and " + processes.size());
        }
        trailer = read;
    }

    private void closeProcess() {
        if (process != null) {
            processes.add(new ProcessImage(process, blocks));
            process = null;
        }
    }

    private void requireCheckpoint(String type) throws CorruptContextException {
        if (checkpoint == null) {
            throw fault(type + " record before the CHECKPOINT record");
        }
    }

    private void requireNoRunsDue(String type) throws CorruptContextException {
        if (!runsDue.isEmpty()) {
            throw fault(type + " record while " + runsDue.size() + " page runs of process "
                    + process.getPid() + " are missing");
        }
    }

    private CorruptContextException fault(String problem) {
        return new CorruptContextException(name, record, recordStart, problem);
    }
}
