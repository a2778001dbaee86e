package cr4j.it;

import java.util.List;

/** How a command ended: its exit status as ProcessBuilder reports it (128+N for death by signal N), and its output. */
record Outcome(List<String> command, int exitCode, String stdout, String stderr) {

    /** Lines of stderr that say something. */
    List<String> stderrLines() {
        return stderr.lines().filter(line -> !line.isBlank()).toList();
    }

    /** For assertion messages: what ran and everything it said. */
    String describe() {
        return String.join(" ", command) + "\n  exit: " + exitCode + "\n  stdout: " + stdout + "\n  stderr: " + stderr;
    }
}
