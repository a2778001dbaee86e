package cr4j.sys;

/** A wait status as wait4(2) reports it, with the ptrace event in bits 16-23. */
public record WaitStatus(int tid, int raw) {
    public static final int SIGTRAP = 5;

    public boolean exited() { return (raw & 0x7f) == 0; }
    public int exitCode() { return (raw >> 8) & 0xff; }
    public boolean signaled() { return ((raw & 0x7f) + 1) >> 1 > 0 && !stopped() && !exited(); }
    public int termSignal() { return raw & 0x7f; }
    public boolean stopped() { return (raw & 0xff) == 0x7f; }
    public int stopSignal() { return (raw >> 8) & 0xff; }
    public int event() { return (raw >> 16) & 0xff; }

    /** The trap of the int3 after an injected syscall: a plain SIGTRAP, no event. */
    public boolean isTrap() { return stopped() && stopSignal() == SIGTRAP && event() == 0; }

    public boolean isEventStop() { return stopped() && event() != 0; }

    /** A signal-delivery-stop: a signal the tracee is about to receive. */
    public boolean isSignalStop() { return stopped() && event() == 0 && !isTrap(); }

    public boolean gone() { return exited() || signaled(); }

    @Override
    public String toString() {
        if (exited()) return "exited with status " + exitCode();
        if (signaled()) return "killed by signal " + termSignal();
        return "stopped by signal " + stopSignal() + (event() != 0 ? " event " + event() : "");
    }
}
