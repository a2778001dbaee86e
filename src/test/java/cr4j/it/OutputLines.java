package cr4j.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines a process writes to one stream, read as they come by a daemon thread. A test waits
 * for the line it needs; timeouts are upper bounds, never pauses.
 */
final class OutputLines {
    private static final Line END = new Line(null);

    /** A queue element; END (a null line) marks the end of the stream. */
    private record Line(String line) {
    }

    private final String name;
    private final Supplier<String> owner;
    private final BlockingQueue<Line> unread = new LinkedBlockingQueue<>();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private volatile boolean ended;

    /**
     * @param name  which stream, for failure messages ("stdout of counter")
     * @param owner describes the writing process at the moment of a failure (alive, exit status)
     */
    OutputLines(String name, InputStream stream, Supplier<String> owner) {
        this.name = name;
        this.owner = owner;
        Thread reader = new Thread(() -> read(stream), "read " + name);
        reader.setDaemon(true);
        reader.start();
    }

    private void read(InputStream stream) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                seen.add(line);
                unread.add(new Line(line));
            }
        } catch (IOException closedByOwner) {
            // The stream was closed because the test is over; nothing more will come.
        } finally {
            unread.add(END);
        }
    }

    /** Consumes lines up to and including the first one that fully matches the regex. */
    MatchResult awaitLine(String regex, Duration timeout) {
        Pattern pattern = Pattern.compile(regex);
        String line = awaitLine(pattern.asMatchPredicate(), "a line matching /" + regex + "/", timeout);
        Matcher matcher = pattern.matcher(line);
        matcher.matches();
        return matcher.toMatchResult();
    }

    /** Consumes lines up to and including the first one the predicate accepts, and returns it. */
    String awaitLine(Predicate<String> wanted, String description, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (;;) {
            Line next = poll(deadline);
            if (next == null) {
                fail("no " + description + " on " + name + " within " + timeout + describe());
            }
            if (next == END) {
                ended = true;
                fail(name + " ended before " + description + describe());
            }
            if (wanted.test(next.line())) {
                return next.line();
            }
        }
    }

    /** The next line, whatever it is. */
    String awaitNextLine(Duration timeout) {
        return awaitLine(line -> true, "line", timeout);
    }

    /** The next count lines, in the order they came. */
    List<String> awaitNextLines(int count, Duration timeout) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(awaitNextLine(timeout));
        }
        return lines;
    }

    /** Waits for the end of the stream (the writer and every copy of its descriptor are gone); returns all lines. */
    List<String> awaitEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ended) {
            Line next = poll(deadline);
            if (next == null) {
                fail(name + " did not end within " + timeout + describe());
            }
            ended = next == END;
        }
        return List.copyOf(seen);
    }

    /** Every line read so far, consumed or not. */
    List<String> seen() {
        return List.copyOf(seen);
    }

    /** Lines not yet consumed by an await, without waiting. */
    List<String> drainUnread() {
        List<Line> taken = new ArrayList<>();
        unread.drainTo(taken);
        if (taken.remove(END)) {
            unread.add(END);
        }
        return taken.stream().map(Line::line).toList();
    }

    private Line poll(long deadline) {
        try {
            return unread.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + name, e);
        }
    }

    private String describe() {
        return "\n  " + owner.get() + "\n  lines of " + name + ": " + seen;
    }
}
