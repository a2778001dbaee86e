package cr4j.proc;

import java.io.IOException;
import java.nio.file.Path;

/**
 * /proc/PID/stat (or a thread's /proc/PID/task/TID/stat): the fields a checkpoint needs, named as
 * in proc(5); the comments give proc(5)'s field numbers. The mm addresses read as 0 for a reader
 * without ptrace access to the task, and for zombies and kernel threads.
 *
 * @param comm the command name, which may hold spaces, parentheses and newlines
 * @param exitCode the wait(2) status of a zombie (field 52), 0 for a live task
 * @param startTime clock ticks after boot at which the task started (field 22): with the pid it
 *     tells a process from a later one that reused its pid
 */
public record ProcStat(int pid, String comm, char state, int ppid, int pgrp, int session, int ttyNr,
                       long flags, long numThreads, long startTime, long startCode, long endCode,
                       long startStack, int exitSignal, long startData, long endData, long startBrk,
                       long argStart, long argEnd, long envStart, long envEnd, int exitCode) {

    // The fields that follow comm, numbered from 3 (state) as in proc(5).
    private static final int LAST_NEEDED = 52;

    public static ProcStat read(int pid) throws IOException {
        return read(ProcFile.of(pid, "stat"));
    }

    public static ProcStat readTask(int pid, int tid) throws IOException {
        return read(ProcFile.ofTask(pid, tid, "stat"));
    }

    private static ProcStat read(Path file) throws IOException {
        return parse(file.toString(), ProcFile.readText(file));
    }

    /** @param source the file name to put in error messages */
    public static ProcStat parse(String source, String text) throws IOException {
        String line = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        LineCursor in = new LineCursor(source, 1, line);
        int open = line.indexOf(" (");
        // comm is whatever the task named itself: only the last ')' closes it.
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw in.error("no '(comm)' after the pid");
        }
        int pid = in.signedInt(line.substring(0, open), "pid");
        String comm = line.substring(open + 2, close);
        if (!line.startsWith(" ", close + 1)) {
            throw in.error("no space after the ')' closing comm");
        }
        String[] f = line.substring(close + 2).split(" ", -1);
        if (f.length < LAST_NEEDED - 2) {
            throw in.error("only " + (f.length + 2) + " fields, " + LAST_NEEDED + " needed");
        }
        Fields fields = new Fields(in, f);
        if (f[0].length() != 1) {
            throw in.error("state '" + f[0] + "' is not one character");
        }
        return new ProcStat(pid, comm, f[0].charAt(0), fields.signed(4, "ppid"), fields.signed(5, "pgrp"),
                fields.signed(6, "session"), fields.signed(7, "tty_nr"), fields.unsigned(9, "flags"),
                fields.unsigned(20, "num_threads"), fields.unsigned(22, "starttime"),
                fields.unsigned(26, "startcode"), fields.unsigned(27, "endcode"),
                fields.unsigned(28, "startstack"), fields.signed(38, "exit_signal"),
                fields.unsigned(45, "start_data"), fields.unsigned(46, "end_data"),
                fields.unsigned(47, "start_brk"), fields.unsigned(48, "arg_start"),
                fields.unsigned(49, "arg_end"), fields.unsigned(50, "env_start"),
                fields.unsigned(51, "env_end"), fields.signed(52, "exit_code"));
    }

    private record Fields(LineCursor in, String[] after) {
        private String field(int number) {
            return after[number - 3];
        }

        int signed(int number, String name) throws MalformedProcFileException {
            return in.signedInt(field(number), "field " + number + " (" + name + ")");
        }

        long unsigned(int number, String name) throws MalformedProcFileException {
            return in.decimal(field(number), "field " + number + " (" + name + ")");
        }
    }
}
