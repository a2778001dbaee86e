package cr4j.checkpoint;

import cr4j.proc.Vma;
import cr4j.sys.ProcessMemory;
import cr4j.sys.Ptrace;
import cr4j.sys.Registers;
import cr4j.sys.RemoteSyscall;
import cr4j.sys.Syscall;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Injected system calls in a frozen process during a checkpoint, undone completely on close: the
 * trampoline bytes are written over the start of the first executable file mapping and put back,
 * scratch memory comes from a remote mmap and is unmapped, every thread gets its registers back.
 * All of it happens before the memory copy, so a checkpointer killed later cannot leave the
 * target changed. Each thread runs its own calls (what it reports is its own) through the same
 * trampoline and scratch.
 */
final class RemoteSession implements AutoCloseable {
    private static final long SCRATCH = 4096;

    private final ProcessMemory memory;
    private final long site;
    private final byte[] savedCode;
    private final Map<Integer, Registers> originals = new LinkedHashMap<>();
    private final Map<Integer, RemoteSyscall> remotes = new LinkedHashMap<>();
    private long scratch;

    RemoteSession(List<Integer> tids, ProcessMemory memory, List<Vma> vmas) throws IOException {
        this.memory = memory;
        for (int tid : tids) {
            originals.put(tid, Ptrace.registers(tid));
        }
        this.site = codeSite(vmas);
        this.savedCode = memory.peek(site, RemoteSyscall.TRAMPOLINE_CODE.length);
        memory.poke(site, RemoteSyscall.TRAMPOLINE_CODE);
        try {
            scratch = remote(tids.getFirst()).mapScratch(SCRATCH);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** An executable mapping of a file: never the vdso, which must not be written. */
    private static long codeSite(List<Vma> vmas) throws IOException {
        return vmas.stream()
                .filter(v -> v.executable() && v.kind() == Vma.Kind.FILE)
                .findFirst()
                .orElseThrow(() -> new IOException("no executable file mapping to place injected calls in"))
                .start();
    }

    /** The registers thread TID had when it was frozen. */
    Registers original(int tid) {
        return originals.get(tid);
    }

    /** Injected calls in thread TID. */
    RemoteSyscall remote(int tid) {
        return remotes.computeIfAbsent(tid, t -> {
            RemoteSyscall r = new RemoteSyscall(t, memory, originals.get(t), site);
            if (scratch != 0) {
                r.useScratch(scratch, SCRATCH);
            }
            return r;
        });
    }

    @Override
    public void close() throws IOException {
        try {
            if (scratch != 0) {
                remote(originals.keySet().iterator().next()).call("munmap scratch", Syscall.MUNMAP, scratch, SCRATCH);
            }
        } finally {
            memory.poke(site, savedCode);
            for (Map.Entry<Integer, Registers> e : originals.entrySet()) {
                Ptrace.setRegisters(e.getKey(), e.getValue());
            }
        }
    }
}
