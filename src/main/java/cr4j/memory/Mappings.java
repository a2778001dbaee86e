package cr4j.memory;

import cr4j.files.FileIdentities;
import cr4j.image.proto.FileIdentity;
import cr4j.image.proto.Mapping;
import cr4j.image.proto.PageRun;
import cr4j.proc.PageFilter;
import cr4j.proc.PageRange;
import cr4j.proc.Pagemap;
import cr4j.proc.Vma;
import cr4j.sys.RemoteSyscall;
import cr4j.sys.Syscall;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The memory mappings of a process: what each one is, and which of its pages must be saved
 * (DESIGN.md section 2, checkpoint step 4). Private anonymous memory and stacks keep every page
 * the process touched; private file mappings only the pages copy-on-write made anonymous; shared
 * file mappings nothing (the file is the truth); vdso and vvar only their addresses.
 */
public final class Mappings {
    private static final int MAP_SHARED = 0x01, MAP_PRIVATE = 0x02, MAP_FIXED = 0x10,
            MAP_ANONYMOUS = 0x20, MAP_GROWSDOWN = 0x100;
    private static final int O_RDONLY = 0, O_RDWR = 2;
    private static final long PAGE = 4096;

    private Mappings() {}

    public static List<Mapping> capture(int pid, List<Vma> vmas, SharedMemory shared, SavedFiles saved)
            throws IOException {
        List<Mapping> mappings = new ArrayList<>(vmas.size());
        // A library has four or five mappings: its identity (an ELF read) is taken once.
        Map<String, FileIdentity> files = new HashMap<>();
        try (Pagemap pagemap = Pagemap.open(pid)) {
            for (Vma vma : vmas) {
                Mapping m = capture(pagemap, vma, shared, files);
                mappings.add(m.getKind() == Mapping.Kind.FILE && saved.saves(vma) ? whole(m) : m);
            }
        }
        return mappings;
    }

    /** M with every page saved, so the restart needs no file. */
    private static Mapping whole(Mapping m) {
        return m.toBuilder().setContentsSaved(true).clearPages()
                .addPages(PageRun.newBuilder().setStart(m.getStart()).setPages((m.getEnd() - m.getStart()) / PAGE))
                .build();
    }

    private static Mapping capture(Pagemap pagemap, Vma vma, SharedMemory shared, Map<String, FileIdentity> files)
            throws IOException {
        Mapping.Builder m = Mapping.newBuilder()
                .setStart(vma.start()).setEnd(vma.end()).setProt(vma.prot())
                .setShared(vma.shared()).setOffset(vma.offset()).setName(vma.name())
                .setKind(kindOf(vma));
        PageFilter filter = switch (m.getKind()) {
            case ANONYMOUS, HEAP, STACK -> PageFilter.PRESENT_OR_SWAPPED;
            case FILE -> vma.shared() ? null : PageFilter.ANONYMOUS_PRIVATE;
            case SHARED_ANONYMOUS -> shared.firstSight(vma.inode()) ? PageFilter.PRESENT_OR_SWAPPED : null;
            default -> null;
        };
        if (m.getKind() == Mapping.Kind.SHARED_ANONYMOUS) {
            m.setObject(vma.inode());
        }
        if (m.getKind() == Mapping.Kind.FILE) {
            FileIdentity file = files.get(vma.name());
            if (file == null) {
                file = FileIdentities.capture(Path.of(vma.name()));
                files.put(vma.name(), file);
            }
            m.setFile(file);
        }
        if (filter != null) {
            for (PageRange range : pagemap.runs(vma.start(), vma.end(), filter)) {
                m.addPages(PageRun.newBuilder().setStart(range.start()).setPages(range.pages()));
            }
        }
        return m.build();
    }

    private static Mapping.Kind kindOf(Vma vma) throws IOException {
        return switch (vma.kind()) {
            case ANONYMOUS -> Mapping.Kind.ANONYMOUS;
            case HEAP -> Mapping.Kind.HEAP;
            case STACK -> Mapping.Kind.STACK;
            case VDSO -> Mapping.Kind.VDSO;
            case VVAR -> Mapping.Kind.VVAR;
            case VVAR_VCLOCK -> Mapping.Kind.VVAR_VCLOCK;
            case VSYSCALL -> Mapping.Kind.VSYSCALL;
            case FILE -> fileKind(vma);
            case OTHER_SPECIAL -> throw new UnsupportedMappingException(vma, "special kernel mapping");
        };
    }

    private static Mapping.Kind fileKind(Vma vma) throws IOException {
        if (vma.deleted()) {
            // Shared anonymous memory shows as a deleted /dev/zero.
            if (vma.name().equals("/dev/zero") && vma.shared()) {
                return Mapping.Kind.SHARED_ANONYMOUS;
            }
            throw new UnsupportedMappingException(vma, vma.name().startsWith("/SYSV")
                    ? "System V shared memory is not supported yet" : "mapping of a deleted file is not supported yet");
        }
        return Mapping.Kind.FILE;
    }

    /** Whether the mapping is one the kernel places itself (vdso, vvar, vsyscall). */
    public static boolean isSpecial(Mapping m) {
        return switch (m.getKind()) {
            case VDSO, VVAR, VVAR_VCLOCK, VSYSCALL -> true;
            default -> false;
        };
    }

    /** Maps every recorded mapping at its address, in a process whose address space is empty. */
    public static void restore(RemoteSyscall remote, List<Mapping> mappings, SharedMemory shared) throws IOException {
        Map<String, Long> openFiles = new HashMap<>();
        try {
            for (Mapping m : mappings) {
                if (m.getKind() == Mapping.Kind.SHARED_ANONYMOUS) {
                    mapShared(remote, m, shared);
                } else if (!isSpecial(m)) {
                    map(remote, m, openFiles);
                }
            }
        } finally {
            for (long fd : openFiles.values()) {
                remote.callRaw(Syscall.CLOSE, fd);
            }
        }
    }

    private static void map(RemoteSyscall remote, Mapping m, Map<String, Long> openFiles) throws IOException {
        long length = m.getEnd() - m.getStart();
        if (m.getKind() == Mapping.Kind.FILE && !m.getContentsSaved()) {
            long fd = fileFor(remote, m, openFiles);
            int type = m.getShared() ? MAP_SHARED : MAP_PRIVATE;
            remote.call("mmap " + m.getName(), Syscall.MMAP, m.getStart(), length, m.getProt(),
                    type | MAP_FIXED, fd, m.getOffset());
            return;
        }
        // A file mapping saved whole comes back as memory of its own: BLCR's --save-* semantics.
        int flags = (m.getShared() ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS | MAP_FIXED
                | (m.getKind() == Mapping.Kind.STACK ? MAP_GROWSDOWN : 0);
        remote.call("mmap anonymous 0x" + Long.toHexString(m.getStart()), Syscall.MMAP,
                m.getStart(), length, m.getProt(), flags, -1, 0);
    }

    /**
     * The first mapping of a shared object creates it; the others, in this process or another,
     * map that same object through the map_files entry of its first mapping.
     */
    private static void mapShared(RemoteSyscall remote, Mapping m, SharedMemory shared) throws IOException {
        long length = m.getEnd() - m.getStart();
        String first = shared.mappedAt(m.getObject());
        if (first == null) {
            remote.call("mmap shared anonymous 0x" + Long.toHexString(m.getStart()), Syscall.MMAP, m.getStart(),
                    length, m.getProt(), MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
            shared.mapped(m.getObject(), remote.tid(), m.getStart(), m.getEnd());
            return;
        }
        long fd = remote.open(first, O_RDWR);
        try {
            remote.call("mmap shared memory of " + first, Syscall.MMAP, m.getStart(), length, m.getProt(),
                    MAP_SHARED | MAP_FIXED, fd, m.getOffset());
        } finally {
            remote.callRaw(Syscall.CLOSE, fd);
        }
    }

    /** One descriptor per file serves all its mappings (a library has four or five). */
    private static long fileFor(RemoteSyscall remote, Mapping m, Map<String, Long> openFiles) throws IOException {
        boolean writable = m.getShared() && (m.getProt() & 2) != 0;
        String key = (writable ? "rw:" : "r:") + m.getName();
        Long fd = openFiles.get(key);
        if (fd == null) {
            fd = remote.open(m.getName(), writable ? O_RDWR : O_RDONLY);
            openFiles.put(key, fd);
        }
        return fd;
    }
}
