package cr4j.sys;

import java.util.Map;

/**
 * Linux x86-64 errno values and the BLCR-specific CR_E* codes, with their symbolic names and the
 * texts glibc's strerror() and BLCR's cr_strerror() print for them.
 */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int ENXIO = 6;
    public static final int E2BIG = 7;
    public static final int ENOEXEC = 8;
    public static final int EBADF = 9;
    public static final int ECHILD = 10;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int ENOTBLK = 15;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EXDEV = 18;
    public static final int ENODEV = 19;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int ENFILE = 23;
    public static final int EMFILE = 24;
    public static final int ENOTTY = 25;
    public static final int ETXTBSY = 26;
    public static final int EFBIG = 27;
    public static final int ENOSPC = 28;
    public static final int ESPIPE = 29;
    public static final int EROFS = 30;
    public static final int EMLINK = 31;
    public static final int EPIPE = 32;
    public static final int EDOM = 33;
    public static final int ERANGE = 34;
    public static final int EDEADLK = 35;
    public static final int ENAMETOOLONG = 36;
    public static final int ENOLCK = 37;
    public static final int ENOSYS = 38;
    public static final int ENOTEMPTY = 39;
    public static final int ELOOP = 40;
    public static final int ENODATA = 61;
    public static final int EPROTO = 71;
    public static final int EOVERFLOW = 75;
    public static final int EOPNOTSUPP = 95;
    public static final int ETIMEDOUT = 110;
    public static final int ESTALE = 116;

    /** Kernel-internal codes a thread stopped inside an interrupted syscall shows in rax (negated). */
    public static final int ERESTARTSYS = 512;
    public static final int ERESTARTNOINTR = 513;
    public static final int ERESTARTNOHAND = 514;
    public static final int ERESTART_RESTARTBLOCK = 516;

    /** BLCR's own codes; append-only, because their values are ABI. */
    public static final int CR_ETEMPFAIL = 2354;
    public static final int CR_EPERMFAIL = 2355;
    public static final int CR_ENOSUPPORT = 2356;
    public static final int CR_EVERSION = 2357;
    public static final int CR_EOMITTED = 2358;
    public static final int CR_EBADARCH = 2359;
    public static final int CR_EPTRACED = 2360;
    public static final int CR_EPTRACER = 2361;
    public static final int CR_ERSTRTABRT = 2362;
    public static final int CR_ERESTARTED = 2363;
    public static final int CR_ENOTCB = 2364;
    public static final int CR_ENOINIT = 2365;

    private record Entry(String name, String message) {}

    private static final Map<Integer, Entry> TABLE = Map.ofEntries(
            entry(EPERM, "EPERM", "Operation not permitted"),
            entry(ENOENT, "ENOENT", "No such file or directory"),
            entry(ESRCH, "ESRCH", "No such process"),
            entry(EINTR, "EINTR", "Interrupted system call"),
            entry(EIO, "EIO", "Input/output error"),
            entry(ENXIO, "ENXIO", "No such device or address"),
            entry(E2BIG, "E2BIG", "Argument list too long"),
            entry(ENOEXEC, "ENOEXEC", "Exec format error"),
            entry(EBADF, "EBADF", "Bad file descriptor"),
            entry(ECHILD, "ECHILD", "No child processes"),
            entry(EAGAIN, "EAGAIN", "Resource temporarily unavailable"),
            entry(ENOMEM, "ENOMEM", "Cannot allocate memory"),
            entry(EACCES, "EACCES", "Permission denied"),
            entry(EFAULT, "EFAULT", "Bad address"),
            entry(ENOTBLK, "ENOTBLK", "Block device required"),
            entry(EBUSY, "EBUSY", "Device or resource busy"),
            entry(EEXIST, "EEXIST", "File exists"),
            entry(EXDEV, "EXDEV", "Invalid cross-device link"),
            entry(ENODEV, "ENODEV", "No such device"),
            entry(ENOTDIR, "ENOTDIR", "Not a directory"),
            entry(EISDIR, "EISDIR", "Is a directory"),
            entry(EINVAL, "EINVAL", "Invalid argument"),
            entry(ENFILE, "ENFILE", "Too many open files in system"),
            entry(EMFILE, "EMFILE", "Too many open files"),
            entry(ENOTTY, "ENOTTY", "Inappropriate ioctl for device"),
            entry(ETXTBSY, "ETXTBSY", "Text file busy"),
            entry(EFBIG, "EFBIG", "File too large"),
            entry(ENOSPC, "ENOSPC", "No space left on device"),
            entry(ESPIPE, "ESPIPE", "Illegal seek"),
            entry(EROFS, "EROFS", "Read-only file system"),
            entry(EMLINK, "EMLINK", "Too many links"),
            entry(EPIPE, "EPIPE", "Broken pipe"),
            entry(EDOM, "EDOM", "Numerical argument out of domain"),
            entry(ERANGE, "ERANGE", "Numerical result out of range"),
            entry(EDEADLK, "EDEADLK", "Resource deadlock avoided"),
            entry(ENAMETOOLONG, "ENAMETOOLONG", "File name too long"),
            entry(ENOLCK, "ENOLCK", "No locks available"),
            entry(ENOSYS, "ENOSYS", "Function not implemented"),
            entry(ENOTEMPTY, "ENOTEMPTY", "Directory not empty"),
            entry(ELOOP, "ELOOP", "Too many levels of symbolic links"),
            entry(ENODATA, "ENODATA", "No data available"),
            entry(EPROTO, "EPROTO", "Protocol error"),
            entry(EOVERFLOW, "EOVERFLOW", "Value too large for defined data type"),
            entry(EOPNOTSUPP, "EOPNOTSUPP", "Operation not supported"),
            entry(ETIMEDOUT, "ETIMEDOUT", "Connection timed out"),
            entry(ESTALE, "ESTALE", "Stale file handle"),
            // glibc has no text for the kernel-internal restart codes.
            entry(ERESTARTSYS, "ERESTARTSYS", "Unknown error 512"),
            entry(ERESTARTNOINTR, "ERESTARTNOINTR", "Unknown error 513"),
            entry(ERESTARTNOHAND, "ERESTARTNOHAND", "Unknown error 514"),
            entry(ERESTART_RESTARTBLOCK, "ERESTART_RESTARTBLOCK", "Unknown error 516"),
            entry(CR_ETEMPFAIL, "CR_ETEMPFAIL", "Temporary error: checkpoint cancelled"),
            entry(CR_EPERMFAIL, "CR_EPERMFAIL", "Permanent failure: checkpoint cancelled and job killed"),
            entry(CR_ENOSUPPORT, "CR_ENOSUPPORT", "Checkpoint support not linked into one or more processes"),
            entry(CR_EVERSION, "CR_EVERSION", "Requested kernel interface version is not supported"),
            entry(CR_EOMITTED, "CR_EOMITTED", "Process omitted from checkpoint at a callback's request"),
            entry(CR_EBADARCH, "CR_EBADARCH", "Context file does not match the kernel architecture"),
            entry(CR_EPTRACED, "CR_EPTRACED", "One or more target processes is being ptraced"),
            entry(CR_EPTRACER, "CR_EPTRACER", "One or more target processes has ptrace children"),
            entry(CR_ERSTRTABRT, "CR_ERSTRTABRT", "Restart aborted: restart cancelled and job killed"),
            entry(CR_ERESTARTED, "CR_ERESTARTED", "Request is invalid across a restart"),
            entry(CR_ENOTCB, "CR_ENOTCB", "Call is only valid from a checkpoint callback"),
            entry(CR_ENOINIT, "CR_ENOINIT", "Calling thread has not called cr_init()"));

    private Errno() {}

    /** The symbolic name ("ENOENT", "CR_EPTRACED"), or "errno N" for a code without one here. */
    public static String name(int errno) {
        Entry e = TABLE.get(errno);
        return e == null ? "errno " + errno : e.name();
    }

    /** The text strerror()/cr_strerror() gives, falling back to glibc's "Unknown error N". */
    public static String message(int errno) {
        Entry e = TABLE.get(errno);
        return e == null ? "Unknown error " + errno : e.message();
    }

    /** The errno whose strerror() text TEXT contains, as java.nio reports reasons; EIO if none. */
    public static int fromText(String text) {
        if (text != null) {
            for (Map.Entry<Integer, Entry> e : TABLE.entrySet()) {
                if (e.getKey() < ERESTARTSYS && text.contains(e.getValue().message())) {
                    return e.getKey();
                }
            }
        }
        return EIO;
    }

    /** The process exit status the commands use for a failure with this code: its low 8 bits. */
    public static int exitStatus(int errno) {
        return errno & 0xFF;
    }

    private static Map.Entry<Integer, Entry> entry(int errno, String name, String message) {
        return Map.entry(errno, new Entry(name, message));
    }
}
