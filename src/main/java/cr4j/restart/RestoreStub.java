package cr4j.restart;

import cr4j.proc.Maps;
import cr4j.proc.Vma;
import cr4j.sys.CloneArgs;
import cr4j.sys.Errno;
import cr4j.sys.ErrnoException;
import cr4j.sys.ProcessMemory;
import cr4j.sys.Ptrace;
import cr4j.sys.RemoteSyscall;
import cr4j.sys.Spawn;
import cr4j.sys.SyscallException;
import cr4j.sys.WaitStatus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The tiny libc-free program new processes are cloned from (src/main/c/stub.c). Being libc-free
 * it holds no rseq registration and needs no start-up that a seize could interrupt
 * (KERNEL-NOTES R1). It is spawned, seized, made to run clone3 with the wanted PID and
 * CLONE_PARENT, so the new process is cr_restart's own child, traced from birth, and then killed.
 * Runs on the tracer thread.
 */
final class RestoreStub implements AutoCloseable {
    private static final long CLONE_PARENT = 0x8000;
    private static final long PAGE = 4096;

    private final int pid;
    private final ProcessMemory memory;
    private final RemoteSyscall remote;
    private final long trampoline;

    private RestoreStub(int pid) throws IOException {
        this.pid = pid;
        Ptrace.seize(pid, Ptrace.O_TRACEFORK | Ptrace.O_TRACECLONE | Ptrace.O_EXITKILL);
        Ptrace.interrupt(pid);
        awaitFirstStop(pid);
        this.memory = new ProcessMemory(pid);
        this.trampoline = firstCode(pid);
        memory.poke(trampoline, RemoteSyscall.TRAMPOLINE_CODE);
        this.remote = new RemoteSyscall(pid, memory, Ptrace.registers(pid), trampoline);
        remote.mapScratch(PAGE);
    }

    static RestoreStub start(Path program) throws IOException {
        int pid = Spawn.start(program.toString(), "cr4j-stub");
        try {
            return new RestoreStub(pid);
        } catch (IOException | RuntimeException e) {
            Ptrace.killAndReap(List.of(pid));
            throw e;
        }
    }

    /** The address of the `syscall; int3` every clone inherits with the stub's memory. */
    long trampoline() {
        return trampoline;
    }

    /**
     * Clones a process with PID, stopped and traced. clone3 with set_tid needs
     * CAP_CHECKPOINT_RESTORE; exit_signal must be 0 with CLONE_PARENT (KERNEL-NOTES R3).
     */
    int cloneProcess(int wanted) throws IOException {
        return checkCloned(wanted, CloneArgs.cloneWithId(remote, CLONE_PARENT, wanted));
    }

    /** The new process's PID, once it is stopped; WANTED 0 stands for any. */
    private static int checkCloned(int wanted, long result) throws IOException {
        if (result == -Errno.EEXIST) {
            throw new ErrnoException(Errno.EBUSY, "PID " + wanted + " is in use");
        }
        if (result == -Errno.EPERM) {
            throw new ErrnoException(Errno.EPERM, "cannot create a process with PID " + wanted
                    + ": restoring PIDs needs CAP_CHECKPOINT_RESTORE or CAP_SYS_ADMIN");
        }
        if (result < 0) {
            throw new SyscallException("clone3 for PID " + wanted, (int) -result);
        }
        awaitFirstStop((int) result);
        return (int) result;
    }

    /**
     * Clones CHILD from PARENT, a process made here and not rebuilt yet (so it still runs the
     * stub's memory and TRAMPOLINE), as an ordinary fork-like child that signals EXIT_SIGNAL.
     */
    static int cloneChild(int parent, long trampoline, int child, int exitSignal) throws IOException {
        try (ProcessMemory memory = new ProcessMemory(parent)) {
            RemoteSyscall remote = new RemoteSyscall(parent, memory, Ptrace.registers(parent), trampoline);
            // The scratch page needs no unmapping: the rebuild empties this address space.
            remote.mapScratch(PAGE);
            return checkCloned(child, CloneArgs.cloneWithId(remote, 0, child, exitSignal));
        }
    }

    /** A new tracee's first report is the PTRACE_EVENT_STOP of its attach. */
    static void awaitFirstStop(int tid) throws IOException {
        WaitStatus status = Ptrace.waitFor(tid);
        if (!status.isEventStop()) {
            throw new IOException("process " + tid + " " + status + " instead of stopping after creation");
        }
    }

    private static long firstCode(int pid) throws IOException {
        return Maps.read(pid).stream().filter(Vma::executable).filter(v -> v.kind() == Vma.Kind.FILE)
                .findFirst().orElseThrow(() -> new IOException("the restore stub has no code mapping"))
                .start();
    }

    @Override
    public void close() throws IOException {
        memory.close();
        Ptrace.killAndReap(List.of(pid));
    }
}
