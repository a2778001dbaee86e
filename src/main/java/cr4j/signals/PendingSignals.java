package cr4j.signals;

import cr4j.sys.Ptrace;
import cr4j.sys.RemoteSyscall;
import cr4j.sys.Syscall;
import com.google.protobuf.ByteString;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Signals queued but not yet delivered, for one thread or for the whole process, with their
 * siginfo (sigqueue values included). Read with PTRACE_PEEKSIGINFO, which leaves them queued.
 * Queued again by the restored process itself: a process may queue any siginfo to itself, which
 * it may not do to another (rt_sigqueueinfo(2)).
 */
public final class PendingSignals {
    private static final int SIGKILL = 9, SIGSTOP = 19;

    private PendingSignals() {}

    public static List<ByteString> captureThread(int tid) throws IOException {
        return wrap(Ptrace.pendingSignals(tid, false));
    }

    public static List<ByteString> captureProcess(int pid) throws IOException {
        return wrap(Ptrace.pendingSignals(pid, true));
    }

    private static List<ByteString> wrap(List<byte[]> siginfos) {
        return siginfos.stream().filter(s -> {
            int signo = signo(s);
            return signo != SIGKILL && signo != SIGSTOP;
        }).map(ByteString::copyFrom).toList();
    }

    /** Queues SIGINFOS for thread TID of process PID; REMOTE runs in that process. */
    public static void restoreThread(RemoteSyscall remote, int pid, int tid, List<ByteString> siginfos)
            throws IOException {
        for (ByteString s : siginfos) {
            remote.resetScratch();
            byte[] info = s.toByteArray();
            remote.call("rt_tgsigqueueinfo", Syscall.RT_TGSIGQUEUEINFO, pid, tid, signo(info), remote.put(info));
        }
    }

    public static void restoreProcess(RemoteSyscall remote, int pid, List<ByteString> siginfos) throws IOException {
        for (ByteString s : siginfos) {
            remote.resetScratch();
            byte[] info = s.toByteArray();
            remote.call("rt_sigqueueinfo", Syscall.RT_SIGQUEUEINFO, pid, signo(info), remote.put(info));
        }
    }

    /** si_signo, the first int of siginfo_t. */
    private static int signo(byte[] siginfo) {
        return ByteBuffer.wrap(siginfo).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    }
}
