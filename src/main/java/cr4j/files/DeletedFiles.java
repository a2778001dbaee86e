package cr4j.files;

import cr4j.image.proto.FileDescriptor;
import cr4j.image.proto.FileIdentity;
import cr4j.proc.OpenFd;
import cr4j.sys.LocalFiles;
import com.google.protobuf.ByteString;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Regular files a process keeps open after they were deleted: their contents are saved, since no
 * path leads to them any more, and at restart they come back as open files that are deleted
 * again, made in their old directory (under their old name when it is free).
 */
final class DeletedFiles {
    /** Beyond this a deleted file is refused rather than copied into the context. */
    private static final long LIMIT = 256L << 20;

    private DeletedFiles() {}

    static FileDescriptor capture(int pid, OpenFd fd, FileDescriptor.Builder d) throws IOException {
        Path link = Path.of("/proc/" + pid + "/fd/" + fd.fd());
        if (!Files.isRegularFile(link)) {
            throw new UnsupportedDescriptorException(fd, "a deleted file that is not a regular file is not supported yet");
        }
        if (Files.size(link) > LIMIT) {
            throw new UnsupportedDescriptorException(fd, "a deleted file larger than " + (LIMIT >> 20) + " MiB");
        }
        return d.setKind(FileDescriptor.Kind.REGULAR).setPath(fd.path())
                .setFile(FileIdentity.newBuilder().setPath(fd.path()).setDeleted(true))
                .setContents(ByteString.copyFrom(Files.readAllBytes(link))).build();
    }

    /** Makes the file again, opens it as D had it, and deletes it; returns the descriptor. */
    static int open(FileDescriptor d) throws IOException {
        Path original = Path.of(d.getPath());
        Path made = Files.exists(original, LinkOption.NOFOLLOW_LINKS)
                ? Files.createTempFile(original.getParent(), "." + original.getFileName(), ".restored")
                : original;
        try {
            Files.write(made, d.getContents().toByteArray());
            return LocalFiles.open(made.toString(), d.getFlags(), d.getOffset());
        } finally {
            Files.deleteIfExists(made);
        }
    }
}
