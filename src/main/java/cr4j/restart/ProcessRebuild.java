package cr4j.restart;

import cr4j.files.FileDescriptors;
import cr4j.files.FsContext;
import cr4j.image.ProcessImage;
import cr4j.image.proto.Mapping;
import cr4j.image.proto.Process;
import cr4j.image.proto.Thread;
import cr4j.memory.Mappings;
import cr4j.memory.MmStruct;
import cr4j.memory.PageData;
import cr4j.memory.VdsoBlock;
import cr4j.proc.Maps;
import cr4j.proc.ProcStatus;
import cr4j.proc.Vma;
import cr4j.signals.SignalHandlers;
import cr4j.sys.ProcessMemory;
import cr4j.sys.Ptrace;
import cr4j.sys.RemoteSyscall;
import cr4j.sys.Syscall;
import cr4j.task.ProcessAttributes;
import cr4j.task.ThreadState;

import java.io.IOException;
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

    static void rebuild(int pid, long inheritedTrampoline, ProcessImage image) throws IOException {
        Process p = image.process();
        List<Mapping> mappings = p.getMappingsList();
        try (ProcessMemory memory = new ProcessMemory(pid)) {
            RemoteSyscall remote = new RemoteSyscall(pid, memory, Ptrace.registers(pid), inheritedTrampoline);
            ProcessAttributes.dieWithRestarter(remote);
            AddressHoles holes = new AddressHoles(mappings, Maps.read(pid));
            long trampoline = placeTrampoline(remote, holes.take(TRAMPOLINE_SIZE));
            emptyAddressSpace(remote, trampoline);
            VdsoBlock.restore(remote, Maps.read(pid), mappings, holes.take(VdsoBlock.size(mappings)));
            Mappings.restore(remote, mappings);
            PageData.restore(memory, image.pages());
            MmStruct.restore(remote, p.getMm(), p.getAuxv().toByteArray(), p.getExe().getPath());
            ProcessAttributes.restoreName(remote, p);
            FileDescriptors.restore(remote, p.getFdsList());
            FsContext.restore(remote, p.getCwd(), p.getUmask());
            SignalHandlers.restore(remote, p.getSigactionsList(), ProcStatus.read(pid).sigIgn());
            Thread thread = p.getThreads(0);
            ThreadState.restoreKernelState(remote, thread);
            ProcessAttributes.restorePdeathsig(remote, p);
            remote.callUnmappingTrampoline(Syscall.MUNMAP, trampoline, TRAMPOLINE_SIZE);
            ThreadState.restoreRegisters(pid, thread);
        }
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
