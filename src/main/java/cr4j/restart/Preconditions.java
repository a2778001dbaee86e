package cr4j.restart;

import cr4j.files.FileIdentities;
import cr4j.image.proto.FileDescriptor;
import cr4j.image.proto.FileIdentity;
import cr4j.image.proto.Mapping;
import cr4j.image.proto.Process;
import cr4j.proc.ProcStat;
import cr4j.sys.Errno;
import cr4j.sys.ErrnoException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What must hold before anything is created (BLCR-SPEC.md 2.4): the PID is free, the executable,
 * the libraries and the files the process had open are where they were, and the executable and
 * libraries are unchanged (size, mtime, ELF build-id), which BLCR never checked.
 */
final class Preconditions {
    /** Orphans of a killed job are reaped by init up to ~1.5 s later (KERNEL-NOTES). */
    private static final long LINGER_NANOS = 3_000_000_000L;
    private static final long POLL_MILLIS = 10;

    private Preconditions() {}

    /** KEEP_PID: whether the process gets its recorded PID back, which must then be free. */
    static void check(Process p, boolean keepPid) throws IOException {
        if (keepPid) {
            awaitFreePid(p.getPid());
        }
        if (p.getZombie()) {
            return;
        }
        boolean exeSaved = p.getMappingsList().stream()
                .anyMatch(m -> m.getContentsSaved() && m.getName().equals(p.getExe().getPath()));
        if (!exeSaved) {
            unchanged("executable", p.getExe());
        }
        // A library has four or five mappings: each file is checked once (an ELF read each time).
        Map<String, FileIdentity> mapped = new LinkedHashMap<>();
        for (Mapping m : p.getMappingsList()) {
            if (m.getKind() == Mapping.Kind.FILE && !m.getContentsSaved()) {
                if (m.getShared()) {
                    present("mapped file", m.getName());
                } else {
                    mapped.putIfAbsent(m.getName(), m.getFile());
                }
            }
        }
        for (FileIdentity file : mapped.values()) {
            unchanged("mapped file", file);
        }
        for (FileDescriptor fd : p.getFdsList()) {
            if (fd.getFile().getDeleted() || fd.getKind() == FileDescriptor.Kind.FIFO) {
                present("directory of the " + (fd.getFile().getDeleted() ? "deleted file" : "FIFO")
                        + " (descriptor " + fd.getFd() + ")",
                        Path.of(fd.getPath()).getParent().toString());
            } else if (fd.getKind() == FileDescriptor.Kind.REGULAR || fd.getKind() == FileDescriptor.Kind.DIRECTORY
                    || fd.getKind() == FileDescriptor.Kind.DEVICE) {
                present("open file (descriptor " + fd.getFd() + ")", fd.getPath());
            }
        }
        present("working directory", p.getCwd());
    }

    /**
     * A PID held by a process that is alive is in use. One held by a zombie or a dying process
     * is waited for, briefly: a restart right after `cr_checkpoint --kill` meets exactly that.
     * Polling is the only way here: nothing signals that an unrelated PID was released.
     */
    private static void awaitFreePid(int pid) throws IOException {
        long deadline = System.nanoTime() + LINGER_NANOS;
        while (true) {
            Optional<ProcStat> holder = holderOf(pid);
            if (holder.isEmpty()) {
                return;
            }
            boolean dying = holder.get().state() == 'Z' || holder.get().state() == 'X';
            if (!dying || System.nanoTime() > deadline) {
                throw new ErrnoException(Errno.EBUSY, "PID " + pid + " is in use by process '"
                        + holder.get().comm() + "'");
            }
            try {
                java.lang.Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                java.lang.Thread.currentThread().interrupt();
                throw new ErrnoException(Errno.EINTR, "interrupted while waiting for PID " + pid);
            }
        }
    }

    private static Optional<ProcStat> holderOf(int pid) throws IOException {
        try {
            return Optional.of(ProcStat.read(pid));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static void unchanged(String what, FileIdentity file) throws IOException {
        present(what, file.getPath());
        Optional<String> change = FileIdentities.check(file);
        if (change.isPresent()) {
            throw new ErrnoException(Errno.ESTALE, what + " " + file.getPath() + " changed since the checkpoint: "
                    + change.get());
        }
    }

    private static void present(String what, String path) throws IOException {
        if (!Files.exists(Path.of(path))) {
            throw new ErrnoException(Errno.ENOENT, what + " " + path + " is missing");
        }
    }
}
