package cr4j.proc;

import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * /proc/PID/limits: the soft and hard resource limits. Read from /proc because prlimit(2) on
 * another user's process needs CAP_SYS_RESOURCE, which root may lack.
 */
public record Limits(Map<Resource, Limit> limits) {
    /** RLIM_INFINITY, which the file shows as "unlimited". */
    public static final long UNLIMITED = -1;

    /** A resource with its RLIMIT_* number and the name the file gives it. */
    public enum Resource {
        CPU(0, "Max cpu time"), FSIZE(1, "Max file size"), DATA(2, "Max data size"),
        STACK(3, "Max stack size"), CORE(4, "Max core file size"), RSS(5, "Max resident set"),
        NPROC(6, "Max processes"), NOFILE(7, "Max open files"), MEMLOCK(8, "Max locked memory"),
        AS(9, "Max address space"), LOCKS(10, "Max file locks"), SIGPENDING(11, "Max pending signals"),
        MSGQUEUE(12, "Max msgqueue size"), NICE(13, "Max nice priority"),
        RTPRIO(14, "Max realtime priority"), RTTIME(15, "Max realtime timeout");

        private final int number;
        private final String label;

        Resource(int number, String label) {
            this.number = number;
            this.label = label;
        }

        /** The RLIMIT_* value setrlimit(2) takes. */
        public int number() {
            return number;
        }
    }

    /** One limit; {@link #UNLIMITED} for "unlimited". */
    public record Limit(Resource resource, long soft, long hard) {
    }

    public Limits {
        limits = Map.copyOf(limits);
    }

    public Optional<Limit> get(Resource resource) {
        return Optional.ofNullable(limits.get(resource));
    }

    public static Limits read(int pid) throws IOException {
        var file = ProcFile.of(pid, "limits");
        return parse(file.toString(), ProcFile.readText(file));
    }

    /** @param source the file name to put in error messages */
    public static Limits parse(String source, String text) throws IOException {
        List<String> lines = ProcFile.lines(text);
        if (lines.isEmpty() || !lines.getFirst().startsWith("Limit ")) {
            throw new MalformedProcFileException(source, 1, lines.isEmpty() ? null : lines.getFirst(),
                    "the header line 'Limit  Soft Limit  Hard Limit  Units' is missing");
        }
        Map<Resource, Limit> limits = new EnumMap<>(Resource.class);
        for (int i = 1; i < lines.size(); i++) {
            LineCursor in = new LineCursor(source, i + 1, lines.get(i));
            Limit limit = parseLine(in, lines.get(i));
            if (limits.put(limit.resource(), limit) != null) {
                throw in.error("the limit appears twice");
            }
        }
        return new Limits(limits);
    }

    // The name has spaces and the units column may be blank, so the name is matched in full first.
    private static Limit parseLine(LineCursor in, String line) throws MalformedProcFileException {
        for (Resource resource : Resource.values()) {
            if (line.startsWith(resource.label + " ")) {
                String[] values = line.substring(resource.label.length()).strip().split(" +");
                if (values.length < 2 || values.length > 3) {
                    throw in.error("expected a soft limit, a hard limit and units");
                }
                return new Limit(resource, value(in, values[0], "soft limit"), value(in, values[1], "hard limit"));
            }
        }
        throw in.error("unknown limit");
    }

    private static long value(LineCursor in, String text, String what) throws MalformedProcFileException {
        return text.equals("unlimited") ? UNLIMITED : in.decimal(text, what);
    }
}
