package cr4j.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What /proc says about processes, read as root. */
final class ProcessTable {
    private static final Path PROC = Path.of("/proc");

    private ProcessTable() {
    }

    static boolean exists(long pid) {
        return Files.exists(PROC.resolve(Long.toString(pid)));
    }

    /** PIDs of the processes whose executable (/proc/PID/exe) is the file or lies under the directory. */
    static List<Long> running(Path executableOrDirectory) {
        try (Stream<Path> entries = Files.list(PROC)) {
            return entries.filter(entry -> entry.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(entry -> executable(entry).map(exe -> exe.startsWith(executableOrDirectory)).orElse(false))
                    .map(entry -> Long.parseLong(entry.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
    }

    /** Whether the process exists and runs the program (its /proc/PID/exe). */
    static boolean runs(long pid, Path program) {
        return executable(PROC.resolve(Long.toString(pid))).map(program::equals).orElse(false);
    }

    /** The parent PID of /proc/PID/stat; -1 when the process is gone. */
    static long parent(long pid) {
        return statField(pid, 4);
    }

    /** The session ID of /proc/PID/stat; -1 when the process is gone. */
    static long session(long pid) {
        return statField(pid, 6);
    }

    /** Field NUMBER (as proc(5) counts, from 3 on) of /proc/PID/stat; -1 when the process is gone. */
    private static long statField(long pid, int number) {
        String stat = read(pid, "stat");
        int afterName = stat.lastIndexOf(')');
        return afterName < 0 ? -1 : Long.parseLong(stat.substring(afterName + 2).split(" ")[number - 3]);
    }

    private static Optional<Path> executable(Path processDirectory) {
        try {
            return Optional.of(Files.readSymbolicLink(processDirectory.resolve("exe")));
        } catch (IOException | UnsupportedOperationException goneOrKernelThread) {
            return Optional.empty();
        }
    }

    /** The state letter of /proc/PID/stat (R, S, D, T for stopped, t for traced, Z, ...); '?' when the process is gone. */
    static char state(long pid) {
        String stat = read(pid, "stat");
        int afterName = stat.lastIndexOf(')');
        return afterName < 0 ? '?' : stat.charAt(afterName + 2);
    }

    /** The syscall the process is blocked in (/proc/PID/syscall), empty when it runs or is gone. */
    static OptionalLong blockedSyscall(long pid) {
        String[] fields = read(pid, "syscall").trim().split(" ");
        if (fields.length < 2 || !fields[0].chars().allMatch(Character::isDigit) || fields[0].isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(fields[0]));
    }

    /** The thread ids of the process (/proc/PID/task); empty when it is gone. */
    static Set<Long> threads(long pid) {
        try (Stream<Path> tasks = Files.list(PROC.resolve(Long.toString(pid)).resolve("task"))) {
            return tasks.map(task -> Long.parseLong(task.getFileName().toString())).collect(Collectors.toSet());
        } catch (IOException gone) {
            return Set.of();
        }
    }

    /** The names (/proc/PID/task/TID/comm) of the threads of the process; empty when it is gone. */
    static List<String> threadNames(long pid) {
        return threads(pid).stream().map(tid -> read(pid, "task/" + tid + "/comm").strip()).toList();
    }

    /**
     * A signal set of /proc/TID/status (SigPnd: pending for that thread, ShdPnd: pending for the
     * process, SigBlk: blocked), bit N-1 standing for signal N; 0 when the task is gone.
     */
    static long signalSet(long tid, String field) {
        return read(tid, "status").lines().filter(line -> line.startsWith(field + ":"))
                .mapToLong(line -> Long.parseUnsignedLong(line.substring(field.length() + 1).trim(), 16))
                .findFirst().orElse(0);
    }

    /** TracerPid of /proc/PID/status: 0 when nobody traces it. */
    static long tracer(long pid) {
        return read(pid, "status").lines().filter(line -> line.startsWith("TracerPid:"))
                .mapToLong(line -> Long.parseLong(line.substring("TracerPid:".length()).trim()))
                .findFirst().orElse(0);
    }

    private static String read(long pid, String file) {
        try {
            return Files.readString(PROC.resolve(Long.toString(pid)).resolve(file));
        } catch (IOException gone) {
            return "";
        }
    }
}
