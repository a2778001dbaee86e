package cr4j.image;

import cr4j.sys.Errno;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Where cr_checkpoint writes a context and how it replaces what is there (BLCR-SPEC.md 1.2,
 * "Destination" and "Creation/replacement policy"). Use: {@link #open}, write, then
 * {@link #commit} on success or {@link #abort} on any failure.
 *
 * <p>Files are mode 0600 while written and 0400 once complete, since a context is read-only to
 * its owner. A FIFO at the target path is written directly, without replacement.
 */
public final class ContextTarget {

    public enum Policy {
        /** Write {@code .NAME.tmp} beside the target, rename it over the target on success. */
        ATOMIC,
        /** Atomic, and an existing target is first renamed to a backup name. */
        BACKUP,
        /** Write the target in place; a failure removes it. */
        CLOBBER,
        /** Create the target exclusively; EEXIST if it exists. */
        NOCLOBBER
    }

    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFSOCK = 0140000;
    private static final FileAttribute<Set<PosixFilePermission>> WHILE_WRITTEN =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final Set<PosixFilePermission> COMPLETE = PosixFilePermissions.fromString("r--------");

    private final Path target;
    private final int fd;
    private final Policy policy;
    private final Path backupName;
    private final boolean sync;

    private FileChannel channel;
    private WritableByteChannel descriptorChannel;
    private Path written;
    private boolean direct;

    private ContextTarget(Path target, int fd, Policy policy, Path backupName, boolean sync) {
        this.target = target;
        this.fd = fd;
        this.policy = policy;
        this.backupName = backupName;
        this.sync = sync;
    }

    /** The file {@code target} under {@code policy}, synced on commit. */
    public static ContextTarget file(Path target, Policy policy) {
        return new ContextTarget(target, -1, policy, null, true);
    }

    /** An inherited descriptor ({@code -F FD}): no replacement policy applies. */
    public static ContextTarget descriptor(int fd) {
        return new ContextTarget(null, fd, null, null, true);
    }

    /** For {@link Policy#BACKUP}: the name an existing target is renamed to, instead of {@code TARGET.~N~}. */
    public ContextTarget withBackupName(Path name) {
        return new ContextTarget(target, fd, policy, name, sync);
    }

    /** Skips the fsync of the file and of its directory ({@code --nosync}). */
    public ContextTarget withoutSync() {
        return new ContextTarget(target, fd, policy, backupName, false);
    }

    /** The name for messages: the target path, or {@code <fdN>}. */
    public String name() {
        return target == null ? "<fd" + fd + ">" : target.toString();
    }

    /**
     * Where the context goes, as libcr's cr_get_checkpoint_info() reports it: the absolute path of
     * the file, or "" when the descriptor is not a file-system object (a pipe, a socket).
     */
    public String destination() {
        if (target != null) {
            return target.toAbsolutePath().normalize().toString();
        }
        try {
            Path file = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd));
            return file.isAbsolute() ? file.toString() : "";
        } catch (IOException e) {
            return "";
        }
    }

    public WritableByteChannel open() throws ContextTargetException {
        if (channel != null || descriptorChannel != null) {
            throw new IllegalStateException(name() + " is already open");
        }
        if (target == null) {
            return openDescriptor();
        }
        checkType();
        if (direct) {
            return openFile(target, StandardOpenOption.WRITE);
        }
        return switch (policy) {
            case ATOMIC, BACKUP -> openTemporary();
            case CLOBBER -> openClobber();
            case NOCLOBBER -> openFile(target, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
        };
    }

    /** Makes the written context the target: sync, close, mode 0400, rename, directory sync. */
    public void commit() throws ContextTargetException {
        if (descriptorChannel != null) {
            closeDescriptorChannel();
            return;
        }
        syncAndClose();
        if (direct) {
            return;
        }
        try {
            Files.setPosixFilePermissions(written, COMPLETE);
        } catch (IOException e) {
            throw ContextTargetException.of("Unable to set the mode of '" + written + "'", e);
        }
        if (policy == Policy.ATOMIC || policy == Policy.BACKUP) {
            install();
        }
        syncDirectory();
    }

    /** Removes what was written; a target that existed before an atomic write is left as it was. */
    public void abort() {
        closeQuietly();
        if (written != null && !direct) {
            try {
                Files.deleteIfExists(written);
            } catch (IOException ignored) {
                // Nothing more can be done for a file we cannot remove; the caller reports the first error.
            }
        }
        written = null;
    }

    private WritableByteChannel openDescriptor() throws ContextTargetException {
        Path link = Path.of("/proc/self/fd/" + fd);
        try {
            if (!Files.isRegularFile(link)) {
                descriptorChannel = fd == 1 ? new FileOutputStream(FileDescriptor.out).getChannel()
                        : FileChannel.open(link, StandardOpenOption.WRITE);
                return descriptorChannel;
            }
            // A reopened regular file starts at offset 0: continue where the inherited descriptor is.
            boolean append = (DescriptorInfo.flags(fd) & DescriptorInfo.O_APPEND) != 0;
            FileChannel file = append ? FileChannel.open(link, StandardOpenOption.WRITE, StandardOpenOption.APPEND)
                    : FileChannel.open(link, StandardOpenOption.WRITE).position(DescriptorInfo.position(fd));
            descriptorChannel = file;
            return file;
        } catch (IOException e) {
            throw ContextTargetException.of("Unable to open file '" + name() + "'", e);
        }
    }

    private void checkType() throws ContextTargetException {
        if (Files.isDirectory(target)) {
            throw new ContextTargetException(Errno.EISDIR,
                    "File '" + target + "' is a directory: use the '--dir' flag for directories");
        }
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS) || Files.isRegularFile(target)) {
            return;
        }
        int type = fileType(target);
        if (type != S_IFIFO && type != S_IFSOCK) {
            throw new ContextTargetException(Errno.EINVAL,
                    "File '" + target + "' is not an acceptable file type");
        }
        direct = true;
    }

    private static int fileType(Path path) throws ContextTargetException {
        try {
            return (Integer) Files.getAttribute(path, "unix:mode") & S_IFMT;
        } catch (IOException e) {
            throw ContextTargetException.of("Unable to open file '" + path + "'", e);
        }
    }

    private WritableByteChannel openTemporary() throws ContextTargetException {
        Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            throw ContextTargetException.of("Unable to remove existing '" + temporary + "'", e);
        }
        return openFile(temporary, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
    }

    private WritableByteChannel openClobber() throws ContextTargetException {
        if (Files.exists(target) && !Files.isWritable(target)) {
            try {
                Files.delete(target);
            } catch (IOException e) {
                throw ContextTargetException.of("Unable to remove existing '" + target + "'", e);
            }
        }
        return openFile(target, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    private WritableByteChannel openFile(Path path, OpenOption... options) throws ContextTargetException {
        try {
            channel = direct ? FileChannel.open(path, options) : FileChannel.open(path, Set.of(options), WHILE_WRITTEN);
        } catch (IOException e) {
            throw ContextTargetException.of("Unable to open file '" + path + "'", e);
        }
        written = path;
        return channel;
    }

    private void syncAndClose() throws ContextTargetException {
        try (FileChannel file = channel) {
            if (sync && !direct) {
                file.force(true);
            }
        } catch (IOException e) {
            throw ContextTargetException.of("Error syncing checkpoint to disk", e);
        }
    }

    private void closeDescriptorChannel() throws ContextTargetException {
        try (WritableByteChannel out = descriptorChannel) {
            if (sync && out instanceof FileChannel file && Files.isRegularFile(Path.of("/proc/self/fd/" + fd))) {
                file.force(true);
            }
        } catch (IOException e) {
            throw ContextTargetException.of("Error syncing checkpoint to disk", e);
        }
    }

    private void install() throws ContextTargetException {
        if (policy == Policy.BACKUP && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            rename(target, backupName != null ? backupName : firstFreeBackup());
        }
        rename(written, target);
        written = null;
    }

    /** The first of TARGET.~1~, TARGET.~2~ ... that does not exist. */
    private Path firstFreeBackup() {
        for (int n = 1; ; n++) {
            Path candidate = target.resolveSibling(target.getFileName() + ".~" + n + "~");
            if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                return candidate;
            }
        }
    }

    private static void rename(Path from, Path to) throws ContextTargetException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new ContextTargetException(18, "Unable to rename '" + from + "' to '" + to
                    + "': Invalid cross-device link");
        } catch (IOException e) {
            throw ContextTargetException.of("Unable to rename '" + from + "' to '" + to + "'", e);
        }
    }

    /** BLCR ignores a failure to sync the directory: the context itself is already on disk. */
    private void syncDirectory() {
        if (!sync) {
            return;
        }
        Path directory = target.toAbsolutePath().getParent();
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // See the method comment.
        }
    }

    private void closeQuietly() {
        try {
            if (channel != null) {
                channel.close();
            }
            if (descriptorChannel != null) {
                descriptorChannel.close();
            }
        } catch (IOException ignored) {
            // Closing after a failure: the first error is the one to report.
        }
    }
}
