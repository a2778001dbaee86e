package cr4j.sys;

import java.io.IOException;

/** A failure that stands for an errno value, which the commands exit with (BLCR-SPEC.md 1.4). */
public class ErrnoException extends IOException {
    private final int errno;

    public ErrnoException(int errno, String message) {
        super(message);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
