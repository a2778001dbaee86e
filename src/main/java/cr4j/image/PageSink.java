package cr4j.image;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/** Where {@link PageBlock#copyTo} delivers page data, chunk by chunk, in address order. */
@FunctionalInterface
public interface PageSink {

    /** Receives {@code chunk.byteSize()} bytes that belong at {@code address}; valid during the call only. */
    void write(long address, MemorySegment chunk) throws IOException;
}
