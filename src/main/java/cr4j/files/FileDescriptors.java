package cr4j.files;

import cr4j.image.proto.FileDescriptor;
import cr4j.libcr.LibcrChannel;
import cr4j.proc.OpenFd;
import cr4j.sys.RemoteSyscall;
import cr4j.sys.Syscall;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The descriptor table. Regular files, directories and devices are opened again by path at their
 * offset with their flags, by cr_restart, once per open file description, and handed in. What
 * leads outside the checkpoint (a terminal, a pipe to a process that is not saved, a socket as
 * standard stream) becomes the matching descriptor of cr_restart, as BLCR did: stdin for
 * read-only ends, stdout for the others, the same number for 0, 1 and 2. Other sockets are left
 * out, as in BLCR; libcr's channel to the checkpointer becomes a socket that tells the process
 * it was restarted.
 */
public final class FileDescriptors {
    private static final int O_ACCMODE = 3, O_RDONLY = 0, O_CLOEXEC = 0x80000;
    private static final int O_DIRECTORY = 0200000, O_TMPFILE_ONLY = 020000000;
    private static final int F_SETFD = 2, FD_CLOEXEC = 1;
    private static final int S_IFMT = 0170000, S_IFCHR = 0020000, S_IFIFO = 0010000;

    private FileDescriptors() {}

    /**
     * The table of PID; CHANNEL is the number of its libcr channel, when it took part in
     * callbacks. What is left out is said in WARNINGS.
     */
    public static List<FileDescriptor> capture(int pid, List<OpenFd> table, OptionalInt channel, List<String> warnings)
            throws IOException {
        List<FileDescriptor> fds = new ArrayList<>(table.size());
        for (OpenFd fd : table) {
            boolean isChannel = channel.isPresent() && channel.getAsInt() == fd.fd() && fd.isSocket();
            if (isChannel) {
                fds.add(FileDescriptor.newBuilder().setFd(fd.fd()).setPath(fd.target())
                        .setKind(FileDescriptor.Kind.LIBCR_CHANNEL).setCloexec(fd.cloexec()).build());
            } else if (!fd.isSocket() || fd.fd() <= 2) {
                fds.add(capture(pid, fd));
            } else {
                // As in BLCR, any other socket is not saved and appears closed after a restart
                // (a program that needs it reopens it in a libcr callback).
                warnings.add("warning: skipped a socket (descriptor " + fd.fd() + " of process " + pid + ").");
            }
        }
        return fds;
    }

    private static FileDescriptor capture(int pid, OpenFd fd) throws IOException {
        FileDescriptor.Builder d = FileDescriptor.newBuilder().setFd(fd.fd()).setPath(fd.target())
                .setFlags(reopenFlags(fd.flags())).setOffset(fd.pos()).setCloexec(fd.cloexec());
        if (fd.isPipe()) {
            return d.setKind(FileDescriptor.Kind.PIPE).setPipeId(pipeId(fd)).build();
        }
        if (fd.isSocket()) {
            return d.setKind(FileDescriptor.Kind.EXTERNAL).build();
        }
        if (!fd.isPath()) {
            throw new UnsupportedDescriptorException(fd, "this kind of descriptor is not supported yet");
        }
        if (fd.isDeleted()) {
            return DeletedFiles.capture(pid, fd, d);
        }
        Path path = Path.of(fd.path());
        if (isTerminal(fd.path())) {
            return d.setKind(FileDescriptor.Kind.EXTERNAL).build();
        }
        if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            return d.setKind(FileDescriptor.Kind.REGULAR).setFile(FileIdentities.capture(path)).build();
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return d.setKind(FileDescriptor.Kind.DIRECTORY).setFile(FileIdentities.capture(path)).build();
        }
        int type = fileType(path);
        if (type == S_IFCHR) {
            return d.setKind(FileDescriptor.Kind.DEVICE).build();
        }
        if (type == S_IFIFO) {
            return d.setKind(FileDescriptor.Kind.FIFO).setPipeId(fd.ino()).build();
        }
        throw new UnsupportedDescriptorException(fd, "not a regular file, directory, FIFO or character device");
    }

    /**
     * The flags to open the file again with. O_TMPFILE (which fdinfo shows with O_DIRECTORY in it)
     * made a file without a name; the file made again at restart is an ordinary one.
     */
    private static int reopenFlags(int flags) {
        int reopened = flags & ~O_CLOEXEC;
        return (reopened & O_TMPFILE_ONLY) != 0 ? reopened & ~(O_TMPFILE_ONLY | O_DIRECTORY) : reopened;
    }

    /** The inode of "pipe:[INODE]". */
    private static long pipeId(OpenFd fd) throws IOException {
        String target = fd.target();
        try {
            return Long.parseLong(target.substring("pipe:[".length(), target.length() - 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new UnsupportedDescriptorException(fd, "a pipe without an inode number");
        }
    }

    private static boolean isTerminal(String path) {
        return path.startsWith("/dev/pts/") || path.startsWith("/dev/tty") || path.equals("/dev/console")
                || path.equals("/dev/ptmx");
    }

    private static int fileType(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & S_IFMT;
    }

    /**
     * Rebuilds the table in the process REMOTE runs in, which holds only cr_restart's
     * descriptors 0, 1 and 2. Those are first moved above every recorded number, so any number
     * can be placed, and closed at the end.
     */
    public static void restore(RemoteSyscall remote, List<FileDescriptor> fds, FileDescriptions files, Pipes pipes,
                               LibcrChannel channels) throws IOException {
        int spare = 3;
        for (FileDescriptor d : fds) {
            spare = Math.max(spare, d.getFd() + 1);
        }
        for (int i = 0; i < 3; i++) {
            remote.call("dup3", Syscall.DUP3, i, spare + i, O_CLOEXEC);
            remote.callRaw(Syscall.CLOSE, i);
        }
        try (HandedFiles handed = new HandedFiles(remote, spare + 3)) {
            for (FileDescriptor d : fds) {
                OptionalInt pipe = d.getKind() == FileDescriptor.Kind.PIPE ? pipes.localEnd(d) : OptionalInt.empty();
                if (pipe.isPresent()) {
                    move(remote, handed.take(pipe.getAsInt()), d);
                } else if (d.getKind() == FileDescriptor.Kind.LIBCR_CHANNEL) {
                    move(remote, handed.take(channels.restartedEnd()), d);
                } else if (FileDescriptions.isFile(d)) {
                    move(remote, handed.take(files.localFor(d)), d);
                } else {
                    place(remote, spare + externalSource(d), d);
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            remote.callRaw(Syscall.CLOSE, spare + i);
        }
    }

    private static int externalSource(FileDescriptor d) {
        if (d.getFd() <= 2) {
            return d.getFd();
        }
        return (d.getFlags() & O_ACCMODE) == O_RDONLY ? 0 : 1;
    }

    /** Moves the process's descriptor FROM to D's number with D's close-on-exec flag. */
    private static void move(RemoteSyscall remote, long from, FileDescriptor d) throws IOException {
        if (from == d.getFd()) {
            remote.call("fcntl(F_SETFD)", Syscall.FCNTL, from, F_SETFD, d.getCloexec() ? FD_CLOEXEC : 0);
            return;
        }
        place(remote, from, d);
        remote.callRaw(Syscall.CLOSE, from);
    }

    private static void place(RemoteSyscall remote, long from, FileDescriptor d) throws IOException {
        remote.call("dup3 to " + d.getFd(), Syscall.DUP3, from, d.getFd(), d.getCloexec() ? O_CLOEXEC : 0);
    }
}
