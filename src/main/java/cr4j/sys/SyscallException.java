package cr4j.sys;

/** A failed system call: which call, on what, and the errno the kernel gave. */
public class SyscallException extends ErrnoException {
    public SyscallException(String call, int errno) {
        super(errno, call + ": " + Errno.name(errno) + " (" + Errno.message(errno) + ")");
    }
}
