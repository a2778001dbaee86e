package cr4j.image;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The payload of one PAGES record inside a mapped context file. Its checksum is not checked when
 * the file is opened (files are GiB-sized) but on every pass over the data.
 */
public final class PageBlock {

    static final long CHUNK = 8L << 20;
    private static final ValueLayout.OfInt U32 =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final String file;
    private final long record;
    private final long recordOffset;
    private final MemorySegment recordBytes;
    private final long address;

    /** {@code recordBytes} is the whole record (header, payload and checksum) found at {@code recordOffset}. */
    PageBlock(String file, long record, long recordOffset, MemorySegment recordBytes, long address) {
        this.file = file;
        this.record = record;
        this.recordOffset = recordOffset;
        this.recordBytes = recordBytes;
        this.address = address;
    }

    /** Virtual address of the first page. */
    public long address() {
        return address;
    }

    /** Bytes of page data. */
    public long length() {
        return recordBytes.byteSize() - ContextWriter.RECORD_HEADER_SIZE - ContextWriter.RECORD_CRC_SIZE;
    }

    /** Offset of the page data in the file: a multiple of the page size. */
    public long fileOffset() {
        return recordOffset + ContextWriter.RECORD_HEADER_SIZE;
    }

    /**
     * Hands the data to {@code sink} in chunks of at most 8 MiB, checksumming on the same pass; the
     * sink has received every chunk when a mismatch is reported, so it must treat them as unverified
     * until this method returns.
     */
    public void copyTo(PageSink sink) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(recordBytes.asSlice(0, ContextWriter.RECORD_HEADER_SIZE).asByteBuffer());
        long length = length();
        for (long done = 0; done < length; done += CHUNK) {
            MemorySegment chunk = recordBytes.asSlice(ContextWriter.RECORD_HEADER_SIZE + done,
                    Math.min(CHUNK, length - done));
            crc.update(chunk.asByteBuffer());
            sink.write(address + done, chunk);
        }
        int stored = recordBytes.get(U32, ContextWriter.RECORD_HEADER_SIZE + length);
        if ((int) crc.getValue() != stored) {
            throw new CorruptContextException(file, record, recordOffset,
                    "bad checksum of the page data for 0x" + Long.toHexString(address));
        }
    }

    /** Checks the data's checksum without delivering it anywhere. */
    public void verify() throws IOException {
        copyTo((address, chunk) -> { });
    }
}
