package cr4j.libcr;

import cr4j.libcr.LibcrMessage.Type;
import cr4j.proc.ProcStat;
import cr4j.sys.LocalFiles;
import cr4j.sys.SyscallException;
import cr4j.sys.UnixSocket;

import java.io.IOException;
import java.nio.file.NoSuchFileException;

/** One process asked to run its callbacks. */
final class Participant {
    private final int pid;
    private final int processEnd;
    private UnixSocket channel;
    private Type vote;
    private int code;
    private boolean ended;

    Participant(int pid, int processEnd) {
        this.pid = pid;
        this.processEnd = processEnd;
    }

    static boolean isStopped(int pid) throws IOException {
        try {
            return ProcStat.read(pid).state() == 'T';
        } catch (NoSuchFileException gone) {
            return true;
        }
    }

    int pid() {
        return pid;
    }

    int processEnd() {
        return processEnd;
    }

    boolean connected() {
        return channel != null;
    }

    UnixSocket channel() {
        return channel;
    }

    void connect(UnixSocket connection) {
        channel = connection;
    }

    boolean undecided() {
        return vote == null && !ended;
    }

    boolean ended() {
        return ended;
    }

    void end() {
        ended = true;
    }

    Type vote() {
        return vote;
    }

    int code() {
        return code;
    }

    /** For READY, CODE is the channel's descriptor number in the process. */
    void vote(Type type, int value) {
        vote = type;
        code = value;
    }

    int channelFd() {
        return code;
    }

    /** A process that ended or closed its end has nothing left to hear. */
    void tell(LibcrMessage m) {
        try {
            channel.send(m.encode());
        } catch (SyscallException gone) {
            ended = true;
        }
    }

    void close() {
        if (channel != null) {
            channel.close();
        }
        LocalFiles.close(processEnd);
    }
}
