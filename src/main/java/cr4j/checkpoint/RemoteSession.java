package cr4j.checkpoint;

import cr4j.proc.Vma;
import cr4j.sys.ProcessMemory;
import cr4j.sys.Registers;
import cr4j.sys.RemoteSyscall;
import cr4j.sys.Syscall;

import java.io.IOException;
import java.util.List;

/**
 * Injected system calls in a frozen process during a checkpoint, undone completely on close: the
 * trampoline bytes are written over the start of the first executable file mapping and put back,
 * scratch memory comes from a remote mmap and is unmapped, the registers are restored. All of it
 * happens before the memory copy, so a checkpointer killed later cannot leave the target changed.
 */
final class RemoteSession implements AutoCloseable {
    private static final int PROT_RW = 3, MAP_PRIVATE_ANONYMOUS = 0x22;
    private static final long SCRATCH = 4096;

    private final int tid;
    private final ProcessMemory memory;
    private final Registers original;
    private final long site;
    private final byte[] savedCode;
    private final RemoteSyscall remote;
    private long scratch;

    RemoteSession(int tid, ProcessMemory memory, Registers original, List<Vma> vmas) throws IOException {
        this.tid = tid;
        this.memory = memory;
        this.original = original;
        this.site = codeSite(vmas);
        this.savedCode = memory.peek(site, RemoteSyscall.TRAMPOLINE_CODE.length);
        memory.poke(site, RemoteSyscall.TRAMPOLINE_CODE);
        this.remote = new RemoteSyscall(tid, memory, original, site);
        try {
            scratch = remote.call("mmap scratch", Syscall.MMAP, 0, SCRATCH, PROT_RW, MAP_PRIVATE_ANONYMOUS, -1, 0);
            remote.useScratch(scratch, SCRATCH);
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

    RemoteSyscall remote() {
        return remote;
    }

    @Override
    public void close() throws IOException {
        try {
            if (scratch != 0) {
                remote.call("munmap scratch", Syscall.MUNMAP, scratch, SCRATCH);
            }
        } finally {
            memory.poke(site, savedCode);
            cr4j.sys.Ptrace.setRegisters(tid, original);
        }
    }
}
