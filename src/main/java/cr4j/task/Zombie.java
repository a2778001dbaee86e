package cr4j.task;

import cr4j.image.proto.Process;
import cr4j.proc.ProcStat;
import cr4j.sys.ProcessMemory;
import cr4j.sys.Ptrace;
import cr4j.sys.Registers;
import cr4j.sys.RemoteSyscall;
import cr4j.sys.Syscall;
import cr4j.sys.WaitStatus;

import java.io.IOException;

/**
 * A child that ended but was not yet waited for. Saved as its wait status; at restart it is
 * created under its restored parent and made to end the same way, so the parent's wait() finds
 * it as it would have (BLCR could not; the wait status loses only the core-dump flag).
 */
public final class Zombie {
    private static final int RLIMIT_CORE = 4;

    private Zombie() {}

    public static Process capture(ProcStat stat) {
        return Process.newBuilder().setPid(stat.pid()).setPpid(stat.ppid()).setPgid(stat.pgrp())
                .setSid(stat.session()).setComm(stat.comm()).setExitSignal(stat.exitSignal())
                .setZombie(true).setExitStatus(stat.exitCode()).build();
    }

    /**
     * Ends process PID, a fresh clone stopped at TRAMPOLINE, with the recorded status. Being
     * traced by cr_restart, not by its parent, its end is reported here first; collecting that
     * report hands it to the parent, for whom it stays a zombie (wait(2), "ptrace").
     */
    public static void restore(int pid, long trampoline, Process zombie) throws IOException {
        int status = zombie.getExitStatus();
        int signal = status & 0x7f;
        try (ProcessMemory memory = new ProcessMemory(pid)) {
            Registers base = Ptrace.registers(pid);
            if (signal == 0) {
                Ptrace.setRegisters(pid, base.forSyscall(trampoline, Syscall.EXIT_GROUP, (status >> 8) & 0xff));
                Ptrace.cont(pid, 0);
            } else {
                prepareForSignal(new RemoteSyscall(pid, memory, base, trampoline), base, signal);
                Ptrace.setRegisters(pid, base);
                Ptrace.cont(pid, signal);
            }
            awaitEnd(pid, signal);
        }
    }

    /**
     * The signal must take its default action, and that must not write a core file: the
     * process is a clone of the restore stub, not the program. Scratch space is the stub's stack.
     */
    private static void prepareForSignal(RemoteSyscall remote, Registers base, int signal) throws IOException {
        remote.useScratch((base.rsp() - 1024) & ~15L, 512);
        remote.call("rt_sigaction(" + signal + ", SIG_DFL)", Syscall.RT_SIGACTION, signal, remote.reserve(32), 0, 8);
        remote.call("prlimit64(RLIMIT_CORE)", Syscall.PRLIMIT64, 0, RLIMIT_CORE, remote.reserve(16), 0);
    }

    private static void awaitEnd(int pid, int signal) throws IOException {
        while (true) {
            WaitStatus status = Ptrace.waitFor(pid);
            if (status.gone()) {
                return;
            }
            Ptrace.cont(pid, status.isSignalStop() ? status.stopSignal() : signal);
        }
    }
}
