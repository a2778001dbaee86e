package cr4j.sys;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

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

    /** The errno any I/O failure stands for; EIO when java.nio does not tell. */
    public static int errnoOf(IOException e) {
        return switch (e) {
            case ErrnoException known -> known.errno();
            case FileAlreadyExistsException ignored -> Errno.EEXIST;
            case AccessDeniedException ignored -> Errno.EACCES;
            case NoSuchFileException ignored -> Errno.ENOENT;
            case NotDirectoryException ignored -> Errno.ENOTDIR;
            default -> Errno.fromText(e instanceof FileSystemException fs ? fs.getReason() : e.getMessage());
        };
    }

    /** The strerror-like reason of an I/O failure, without the path java.nio puts before it. */
    public static String reasonOf(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        if (e instanceof FileSystemException) {
            return Errno.message(errnoOf(e));
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
