package cr4j.image;

import cr4j.sys.ErrnoException;

import java.io.IOException;

/**
 * A failure to create, write or install a context file, with the errno that BLCR's
 * cr_checkpoint would exit with.
 */
public final class ContextTargetException extends ErrnoException {

    public ContextTargetException(int errno, String message) {
        super(errno, message);
    }

    /** {@code what} followed by the reason of {@code cause}, carrying its errno. */
    static ContextTargetException of(String what, IOException cause) {
        ContextTargetException e = new ContextTargetException(errnoOf(cause), what + ": " + reasonOf(cause));
        e.initCause(cause);
        return e;
    }
}
