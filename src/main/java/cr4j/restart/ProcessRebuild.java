package cr4j.restart;

import cr4j.files.FileDescriptions;
import cr4j.libcr.LibcrChannel;
import cr4j.files.FileDescriptors;
import cr4j.files.FsContext;
import cr4j.files.Pipes;
import cr4j.image.ProcessImage;
import cr4j.image.proto.Mapping;
import cr4j.image.proto.Process;
import cr4j.image.proto.Thread;
import cr4j.memory.Mappings;
import cr4j.memory.MmStruct;
import cr4j.memory.PageData;
import cr4j.memory.SharedMemory;
import cr4j.memory.VdsoBlock;
import cr4j.proc.Maps;
import cr4j.proc.ProcStatus;
import cr4j.proc.Vma;
import cr4j.signals.IntervalTimers;
import cr4j.signals.PendingSignals;
import cr4j.signals.PosixTimers;
import cr4j.signals.SignalHandlers;
import cr4j.sys.ProcessMemory;
import cr4j.sys.Ptrace;
import cr4j.sys.RemoteSyscall;
import cr4j.sys.Syscall;
import cr4j.task.Credentials;
import cr4j.task.ProcessAttributes;
import cr4j.task.ResourceLimits;
import cr4j.task.ThreadState;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a fresh clone of the restore stub into the recorded process, by injected calls only, in
 * the order of DESIGN.md section 2 (restart step 4). The process stays stopped and traced.
 * Runs on the tracer thread.
 */
final class ProcessRebuild {
    private static final long TRAMPOLINE_SIZE = 64 * 1024;
    private static final long PAGE = 4096;
    private static final int PROT_RWX = 7, MAP_PRIVATE_ANONYMOUS = 0x22, MAP_FIXED_NOREPLACE = 0x100000;

    private ProcessRebuild() {}

    /**
     * What the processes of one restart share: open file descriptions, pipes, shared memory, and
     * the warnings for the user.
     */
    record Shared(FileDescriptions files, Pipes pipes, LibcrChannel channels, SharedMemory memory, TaskIds ids,
                  List<String> warnings) {}

    /**
     * Rebuilds process PID (a fresh clone, stopped and traced) into IMAGE's process. On failure
     * every thread made so far is killed and reaped before the error goes up.
     */
    static void rebuild(int pid, long inheritedTrampoline, ProcessImage image, Shared shared) throws IOException {
        List<Integer> tids = new ArrayList<>(List.of(pid));
        try (ProcessMemory memory = new ProcessMemory(pid)) {
            rebuild(pid, inheritedTrampoline, image, shared, memory, tids);
        } catch (IOException | RuntimeException e) {
            Ptrace.killAndReap(tids);
            throw e;
        }
    }

    private static void rebuild(int pid, long inheritedTrampoline, ProcessImage image, Shared shared,
                                ProcessMemory memory, List<Integer> tids) throws IOException {
        Process p = image.process();
        List<Mapping> mappings = p.getMappingsList();
        ThreadState.blockAllSignals(pid);
        RemoteSyscall leader = new RemoteSyscall(pid, memory, Ptrace.registers(pid), inheritedTrampoline);
        ProcessAttributes.dieWithRestarter(leader);
        AddressHoles holes = new AddressHoles(mappings, Maps.read(pid));
        long trampoline = placeTrampoline(leader, holes.take(TRAMPOLINE_SIZE));
        Credentials.restrictFileAccess(leader, p);
        emptyAddressSpace(leader, trampoline);
        VdsoBlock.restore(leader, Maps.read(pid), mappings, holes.take(VdsoBlock.size(mappings)));
        Mappings.restore(leader, mappings, shared.memory());
        PageData.restore(memory, image.pages());
        MmStruct.restore(leader, p.getMm(), p.getAuxv().toByteArray(), p.getExe().getPath());
        ProcessAttributes.restorePersonality(leader, p);
        FileDescriptors.restore(leader, p.getFdsList(), shared.files(), shared.pipes(), shared.channels());
        FsContext.restore(leader, p.getCwd(), p.getUmask());
        SignalHandlers.restore(leader, p.getSigactionsList(), ProcStatus.read(pid).sigIgn());
        List<RemoteSyscall> threads = restoreThreads(leader, p, memory, trampoline, tids, shared.ids());
        shared.warnings().addAll(ResourceLimits.restore(leader, p.getRlimitsList()));
        IntervalTimers.restore(leader, p.getItimersList());
        PosixTimers.restore(leader, p.getPosixTimersList(), shared.ids()::of);
        PendingSignals.restoreProcess(leader, pid, p.getSharedPendingSignalsList());
        ProcessAttributes.restorePdeathsig(leader, p);
        restoreIdentity(threads, p, shared.warnings());
        leader.callUnmappingTrampoline(Syscall.MUNMAP, trampoline, TRAMPOLINE_SIZE);
        for (Thread t : p.getThreadsList()) {
            ThreadState.restoreRegisters(shared.ids().of(t.getTid()), t);
        }
    }

    /**
     * Timer slack, keep-capabilities and credentials are per thread in the kernel: every thread
     * takes them, and last, since what comes before may need cr_restart's privileges.
     */
    private static void restoreIdentity(List<RemoteSyscall> threads, Process p, List<String> warnings)
            throws IOException {
        for (RemoteSyscall thread : threads) {
            ProcessAttributes.restoreTimerSlack(thread, p);
            ProcessAttributes.restoreKeepCapabilities(thread, p);
            String warning = Credentials.restore(thread, p);
            if (warning != null) {
                warnings.add(warning);
            }
        }
    }

    /**
     * Creates the other threads, then gives every thread its own kernel state and signals.
     * Returns the injected-call channel of each thread, the leader first.
     */
    private static List<RemoteSyscall> restoreThreads(RemoteSyscall leader, Process p, ProcessMemory memory,
                                                      long trampoline, List<Integer> tids, TaskIds ids)
            throws IOException {
        ids.assign(p.getThreads(0).getTid(), leader.tid());
        List<RemoteSyscall> remotes = new ArrayList<>();
        for (Thread t : p.getThreadsList().subList(1, p.getThreadsCount())) {
            int tid = ThreadState.cloneThread(leader, ids.request(t.getTid()));
            ids.assign(t.getTid(), tid);
            tids.add(tid);
        }
        for (Thread t : p.getThreadsList()) {
            int tid = ids.of(t.getTid());
            RemoteSyscall remote = tid == leader.tid() ? leader
                    : new RemoteSyscall(tid, memory, Ptrace.registers(tid), trampoline);
            remote.useScratch(trampoline + PAGE, TRAMPOLINE_SIZE - PAGE);
            ThreadState.restoreKernelState(remote, t);
            PendingSignals.restoreThread(leader, leader.tid(), tid, t.getPendingSignalsList());
            remotes.add(remote);
        }
        return remotes;
    }

    /** A trampoline and scratch area of our own, in a hole of both address spaces. */
    private static long placeTrampoline(RemoteSyscall remote, long address) throws IOException {
        remote.call("mmap trampoline", Syscall.MMAP, address, TRAMPOLINE_SIZE, PROT_RWX,
                MAP_PRIVATE_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
        remote.memory().poke(address, RemoteSyscall.TRAMPOLINE_CODE);
        remote.useTrampoline(address);
        remote.useScratch(address + PAGE, TRAMPOLINE_SIZE - PAGE);
        return address;
    }

    /** Unmaps all the stub left, but the kernel's own areas and the trampoline. */
    private static void emptyAddressSpace(RemoteSyscall remote, long trampoline) throws IOException {
        for (Vma v : Maps.read(remote.tid())) {
            boolean kernels = switch (v.kind()) {
                case VDSO, VVAR, VVAR_VCLOCK, VSYSCALL -> true;
                default -> false;
            };
            if (!kernels && v.start() != trampoline) {
                remote.call("munmap stub memory", Syscall.MUNMAP, v.start(), v.length());
            }
        }
    }
}
