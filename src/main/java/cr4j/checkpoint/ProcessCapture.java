package cr4j.checkpoint;

import cr4j.files.FileDescriptors;
import cr4j.files.FileIdentities;
import cr4j.files.FsContext;
import cr4j.image.proto.Process;
import cr4j.memory.Mappings;
import cr4j.memory.MmStruct;
import cr4j.memory.SavedFiles;
import cr4j.memory.SharedMemory;
import cr4j.proc.Auxv;
import cr4j.proc.FdTable;
import cr4j.proc.Maps;
import cr4j.proc.ProcStat;
import cr4j.proc.ProcStatus;
import cr4j.signals.IntervalTimers;
import cr4j.signals.PendingSignals;
import cr4j.signals.PosixTimers;
import cr4j.signals.SignalHandlers;
import cr4j.sys.ProcessMemory;
import cr4j.sys.RemoteSyscall;
import cr4j.task.Credentials;
import cr4j.task.ProcessAttributes;
import cr4j.task.ResourceLimits;
import cr4j.task.ThreadState;
import com.google.protobuf.ByteString;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * Collects the state of one frozen process into its Process record, in two phases: first every
 * injected call (then the target is exactly as before), then what /proc and ptrace tell.
 */
final class ProcessCapture {
    private ProcessCapture() {}

    /** Runs on the tracer thread. The page data is not read here: see PageData. */
    static Process capture(FrozenProcess frozen, ProcessMemory memory, SharedMemory shared, SavedFiles saved,
                           OptionalInt libcrChannel, List<String> warnings) throws IOException {
        int pid = frozen.pid();
        List<Integer> tids = frozen.tids();
        ProcStat stat = ProcStat.read(pid);
        ProcStatus status = ProcStatus.read(pid);
        Process.Builder p = Process.newBuilder()
                .setPid(pid).setPpid(stat.ppid()).setPgid(stat.pgrp()).setSid(stat.session())
                .setComm(stat.comm()).setExitSignal(stat.exitSignal()).setStopped(frozen.wasStopped());
        try (RemoteSession session = new RemoteSession(tids, memory, Maps.read(pid))) {
            for (int tid : tids) {
                RemoteSyscall remote = session.remote(tid);
                p.addThreads(ThreadState.capture(tid, session.original(tid), remote));
            }
            RemoteSyscall leader = session.remote(pid);
            p.addAllSigactions(SignalHandlers.capture(status, leader));
            p.setMm(MmStruct.capture(stat, leader));
            p.setPdeathsig(ProcessAttributes.capturePdeathsig(leader));
            p.setDumpable(ProcessAttributes.captureDumpable(leader));
            p.setKeepCapabilities(ProcessAttributes.captureKeepCapabilities(leader));
            p.addAllItimers(IntervalTimers.capture(leader));
            p.addAllPosixTimers(PosixTimers.capture(pid, leader));
            for (int tid : tids) {
                frozen.defer(tid, session.remote(tid).deferredSignals());
            }
        }
        p.addAllSharedPendingSignals(PendingSignals.captureProcess(pid));
        p.setExe(FileIdentities.capture(Files.readSymbolicLink(Path.of("/proc/" + pid + "/exe"))));
        p.addAllMappings(Mappings.capture(pid, Maps.read(pid), shared, saved.of(p.getExe().getPath())));
        p.addAllFds(FileDescriptors.capture(pid, FdTable.read(pid), libcrChannel, warnings));
        p.setAuxv(ByteString.copyFrom(Auxv.read(pid)));
        p.setCwd(FsContext.captureCwd(pid)).setUmask(status.umask());
        p.addAllRlimits(ResourceLimits.capture(pid));
        p.setCredentials(Credentials.capture(status)).setNoNewPrivs(status.noNewPrivs());
        p.setPersonality(ProcessAttributes.capturePersonality(pid));
        p.setTimerSlackNs(ProcessAttributes.captureTimerSlack(pid));
        return p.build();
    }
}
