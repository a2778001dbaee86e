package cr4j.sys;

/**
 * x86_64 system call numbers (arch/x86/entry/syscalls/syscall_64.tbl) of the calls cr4j makes,
 * locally or inside a tracee.
 */
public final class Syscall {
    public static final int READ = 0;
    public static final int WRITE = 1;
    public static final int CLOSE = 3;
    public static final int LSEEK = 8;
    public static final int MMAP = 9;
    public static final int MPROTECT = 10;
    public static final int MUNMAP = 11;
    public static final int BRK = 12;
    public static final int RT_SIGACTION = 13;
    public static final int MREMAP = 25;
    public static final int GETITIMER = 36;
    public static final int SETITIMER = 38;
    public static final int GETPID = 39;
    public static final int WAIT4 = 61;
    public static final int KILL = 62;
    public static final int FCNTL = 72;
    public static final int CHDIR = 80;
    public static final int UMASK = 95;
    public static final int PTRACE = 101;
    public static final int RT_SIGQUEUEINFO = 129;
    public static final int SETGROUPS = 116;
    public static final int SETRESUID = 117;
    public static final int SETRESGID = 119;
    public static final int SIGALTSTACK = 131;
    public static final int PERSONALITY = 135;
    public static final int PRCTL = 157;
    public static final int GETTID = 186;
    public static final int SET_TID_ADDRESS = 218;
    public static final int TIMER_CREATE = 222;
    public static final int TIMER_SETTIME = 223;
    public static final int TIMER_GETTIME = 224;
    public static final int RESTART_SYSCALL = 219;
    public static final int EXIT_GROUP = 231;
    public static final int TGKILL = 234;
    public static final int TEE = 276;
    public static final int OPENAT = 257;
    public static final int SET_ROBUST_LIST = 273;
    public static final int GET_ROBUST_LIST = 274;
    public static final int DUP3 = 292;
    public static final int PIPE2 = 293;
    public static final int RT_TGSIGQUEUEINFO = 297;
    public static final int PRLIMIT64 = 302;
    public static final int PROCESS_VM_READV = 310;
    public static final int PROCESS_VM_WRITEV = 311;
    public static final int RSEQ = 334;
    public static final int PIDFD_OPEN = 434;
    public static final int CLONE3 = 435;
    public static final int PIDFD_GETFD = 438;

    private Syscall() {}

    /** Runs a system call in this process. */
    public static long call(String what, int nr, long... args) throws SyscallException {
        long[] a = new long[6];
        System.arraycopy(args, 0, a, 0, args.length);
        return Native.syscall(what, nr, a[0], a[1], a[2], a[3], a[4], a[5]);
    }
}
