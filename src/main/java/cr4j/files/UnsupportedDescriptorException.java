package cr4j.files;

import cr4j.proc.OpenFd;

import cr4j.sys.Errno;
import cr4j.sys.ErrnoException;

/** A descriptor the checkpoint cannot save yet; the checkpoint is refused, the target untouched. */
public final class UnsupportedDescriptorException extends ErrnoException {
    public UnsupportedDescriptorException(OpenFd fd, String why) {
        super(Errno.EBADF, "descriptor " + fd.fd() + " (" + fd.target() + "): " + why);
    }
}
