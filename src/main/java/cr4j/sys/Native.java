package cr4j.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The downcall handles into glibc. Every other class of this package goes through here; nothing
 * above the sys package sees a MethodHandle or the errno capture.
 */
final class Native {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");

    /** glibc's syscall(2) is variadic after the number; six argument slots cover every call. */
    private static final MethodHandle SYSCALL = downcall("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
                    JAVA_LONG, JAVA_LONG, JAVA_LONG),
            ERRNO_OPTION, Linker.Option.firstVariadicArg(1));

    private static final MethodHandle POSIX_SPAWN = downcall("posix_spawn",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle FILE_ACTIONS_INIT = downcall(
            "posix_spawn_file_actions_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FILE_ACTIONS_DESTROY = downcall(
            "posix_spawn_file_actions_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FILE_ACTIONS_CLOSEFROM = downcall(
            "posix_spawn_file_actions_addclosefrom_np",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

    /** sizeof(posix_spawn_file_actions_t) on x86_64 glibc. */
    static final long FILE_ACTIONS_SIZE = 80;

    private static final ThreadLocal<MemorySegment> CAPTURE_SEGMENT =
            ThreadLocal.withInitial(() -> Arena.global().allocate(CAPTURE));

    private Native() {}

    private static MethodHandle downcall(String name, FunctionDescriptor fd, Linker.Option... o) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("glibc lacks " + name));
        return LINKER.downcallHandle(symbol, fd, o);
    }

    /** Runs syscall NR; returns its non-negative result or throws with the errno. */
    static long syscall(String what, long nr, long a0, long a1, long a2, long a3, long a4, long a5)
            throws SyscallException {
        MemorySegment capture = CAPTURE_SEGMENT.get();
        long result;
        try {
            result = (long) SYSCALL.invokeExact(capture, nr, a0, a1, a2, a3, a4, a5);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (result == -1) {
            throw new SyscallException(what, (int) ERRNO.get(capture, 0L));
        }
        return result;
    }

    /** posix_spawn(3) of PATH with fds 0-2 inherited and every other descriptor closed. */
    static int spawn(String path, String[] argv) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment actions = arena.allocate(FILE_ACTIONS_SIZE, 8);
            check("posix_spawn_file_actions_init", (int) FILE_ACTIONS_INIT.invokeExact(actions));
            try {
                check("posix_spawn_file_actions_addclosefrom_np",
                        (int) FILE_ACTIONS_CLOSEFROM.invokeExact(actions, 3));
                MemorySegment pid = arena.allocate(JAVA_INT);
                MemorySegment args = arena.allocate(ADDRESS, argv.length + 1);
                for (int i = 0; i < argv.length; i++) {
                    args.setAtIndex(ADDRESS, i, arena.allocateFrom(argv[i]));
                }
                MemorySegment env = arena.allocate(ADDRESS, 1);
                check("posix_spawn(" + path + ")", (int) POSIX_SPAWN.invokeExact(pid,
                        arena.allocateFrom(path), actions, MemorySegment.NULL, args, env));
                return pid.get(JAVA_INT, 0);
            } finally {
                int ignored = (int) FILE_ACTIONS_DESTROY.invokeExact(actions);
            }
        } catch (SyscallException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** The posix_spawn family returns an error number instead of setting errno. */
    private static void check(String what, int rc) throws SyscallException {
        if (rc != 0) {
            throw new SyscallException(what, rc);
        }
    }
}
