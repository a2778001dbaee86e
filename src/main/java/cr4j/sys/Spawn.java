package cr4j.sys;

/** Starts programs that will be traced, without the JDK's process reaper (KERNEL-NOTES R7). */
public final class Spawn {
    private Spawn() {}

    /** posix_spawn of PATH with descriptors 0-2 of this process and no others, empty environment. */
    public static int start(String path, String... argv) throws SyscallException {
        return Native.spawn(path, argv);
    }
}
