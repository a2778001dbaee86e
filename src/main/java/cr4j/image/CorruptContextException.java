package cr4j.image;

import java.io.IOException;

/**
 * A context file that cannot be trusted: wrong header, bad checksum, truncation, or records out of
 * order. The message names the file and, when the fault is inside a record, the record number
 * (the first record after the header is 1) and the file offset where that record starts.
 */
public final class CorruptContextException extends IOException {

    public CorruptContextException(String file, String problem) {
        super(file + ": " + problem);
    }

    public CorruptContextException(String file, long record, long offset, String problem) {
        super(file + ": record " + record + " at offset " + offset + ": " + problem);
    }
}
