package cr4j.image;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Map;

/**
 * A failure to create, write or install a context file, with the errno that BLCR's
 * cr_checkpoint would exit with.
 */
public final class ContextTargetException extends IOException {

    public static final int EIO = 5;
    public static final int EINVAL = 22;
    public static final int EISDIR = 21;

    /** strerror(3) texts of the errors file creation and writing can meet; java.nio reports these. */
    private static final Map<Integer, String> STRERROR = Map.ofEntries(
            Map.entry(1, "Operation not permitted"),
            Map.entry(2, "No such file or directory"),
            Map.entry(5, "Input/output error"),
            Map.entry(6, "No such device or address"),
            Map.entry(13, "Permission denied"),
            Map.entry(17, "File exists"),
            Map.entry(20, "Not a directory"),
            Map.entry(21, "Is a directory"),
            Map.entry(22, "Invalid argument"),
            Map.entry(27, "File too large"),
            Map.entry(28, "No space left on device"),
            Map.entry(30, "Read-only file system"),
            Map.entry(32, "Broken pipe"),
            Map.entry(36, "File name too long"),
            Map.entry(40, "Too many levels of symbolic links"),
            Map.entry(122, "Disk quota exceeded"));

    private final int errno;

    public ContextTargetException(int errno, String message) {
        super(message);
        this.errno = errno;
    }

    /** {@code what} followed by the reason of {@code cause}, carrying its errno. */
    static ContextTargetException of(String what, IOException cause) {
        ContextTargetException e = new ContextTargetException(errnoOf(cause), what + ": " + reasonOf(cause));
        e.initCause(cause);
        return e;
    }

    /** The errno value, which cr_checkpoint exits with. */
    public int errno() {
        return errno;
    }

    /** The errno an I/O failure stands for; EIO when java.nio does not tell. */
    public static int errnoOf(IOException e) {
        return switch (e) {
            case ContextTargetException target -> target.errno;
            case FileAlreadyExistsException ignored -> 17;
            case AccessDeniedException ignored -> 13;
            case NoSuchFileException ignored -> 2;
            case NotDirectoryException ignored -> 20;
            default -> errnoFromText(e instanceof FileSystemException fs ? fs.getReason() : e.getMessage());
        };
    }

    /** The strerror-like reason of an I/O failure, without the path java.nio puts before it. */
    public static String reasonOf(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        if (e instanceof FileSystemException) {
            return STRERROR.getOrDefault(errnoOf(e), "Input/output error");
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static int errnoFromText(String text) {
        if (text == null) {
            return EIO;
        }
        for (Map.Entry<Integer, String> entry : STRERROR.entrySet()) {
            if (text.contains(entry.getValue())) {
                return entry.getKey();
            }
        }
        return EIO;
    }
}
