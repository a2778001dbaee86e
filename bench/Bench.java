// Measures cr_checkpoint and cr_restart on a process with SIZE bytes of dirty memory, against the
// limits of the same machine measured in the same run (DESIGN.md, "Performance model").
// Run through bench/run:  bench/run [--size 1G] [--reps 5] [--dir DIR] [--sync]
// Checkpoints are --nosync, against the page-cache write rate; with --sync they are fsynced as
// cr_checkpoint does by default, against the write + fsync rate.
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

void main(String[] args) throws Exception {
    var options = Options.parse(args);
    Path bench = Path.of(System.getProperty("jdk.launcher.sourcefile", "bench/Bench.java"))
        .toAbsolutePath().getParent();
    Path bin = bench.getParent().resolve("target/cr4j/bin");
    Files.createDirectories(options.dir());
    Path dirty = compile(bench.resolve("dirty.c"), options.dir());
    Path limits = compile(bench.resolve("limits.c"), options.dir());

    var results = new LinkedHashMap<String, Object>();
    results.put("size_bytes", options.size());
    results.put("reps", options.reps());
    System.out.printf(Locale.ROOT, "cr4j bench: %s of dirty memory, %d repetitions, in %s%n",
        human(options.size()), options.reps(), options.dir());

    double memcpy = median(timesOf(limits, "memcpy", Long.toString(options.size()), "5"));
    double fresh = median(timesOf(limits, "fresh", Long.toString(options.size()), "5"));
    Path scratch = options.dir().resolve("limits.tmp");
    double write = median(timesOf(limits, "write", Long.toString(options.size()), scratch.toString(), "5"));
    double fsync = median(timesOf(limits, "fsync", Long.toString(options.size()), scratch.toString(), "5"));
    results.put("memcpy_s", memcpy);
    results.put("memcpy_GBps", options.size() / memcpy / 1e9);
    results.put("fresh_memcpy_s", fresh);
    results.put("fresh_memcpy_GBps", options.size() / fresh / 1e9);
    results.put("pagecache_write_s", write);
    results.put("pagecache_write_GBps", options.size() / write / 1e9);
    results.put("fsync_write_s", fsync);
    results.put("fsync_write_GBps", options.size() / fsync / 1e9);

    results.put("jvm_startup_cr_info_help_s", median(startupTimes(bin.resolve("cr_info"), 10)));

    String failure = null;
    var checkpoints = new ArrayList<Double>();
    var restarts = new ArrayList<Double>();
    var sizes = new ArrayList<Double>();
    try {
        for (int rep = 0; rep < options.reps(); rep++) {
            var cycle = Cycle.run(bin, dirty, options);
            checkpoints.add(cycle.checkpointSeconds());
            restarts.add(cycle.restartSeconds());
            sizes.add((double) cycle.contextBytes());
        }
    } catch (BenchFailure e) {
        failure = e.getMessage();
    }
    if (failure == null) {
        results.put("checkpoint_s", median(checkpoints));
        results.put("restart_s", median(restarts));
        results.put("context_bytes", (long) median(sizes));
        // With --sync the file is fsynced as cr_checkpoint does by default: the limit is write + fsync.
        results.put(options.sync() ? "checkpoint_vs_fsync_write" : "checkpoint_vs_pagecache_write",
            median(checkpoints) / (options.sync() ? fsync : write));
        results.put("restart_vs_memcpy", median(restarts) / memcpy);
        // A restore copies into memory the new process maps afresh: this is its real floor.
        results.put("restart_vs_fresh_memcpy", median(restarts) / fresh);
    } else {
        results.put("error", failure);
    }
    printTable(results);
    System.out.println(json(results));
    if (failure != null) {
        System.exit(1);
    }
}

record Options(long size, int reps, Path dir, boolean sync) {
    static Options parse(String[] args) {
        long size = 1L << 30;
        int reps = 5;
        Path dir = Path.of("target/bench");
        boolean sync = false;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--size" -> { size = parseSize(value); i++; }
                case "--reps" -> { reps = Integer.parseInt(value); i++; }
                case "--dir" -> { dir = Path.of(value); i++; }
                case "--sync" -> sync = true;
                default -> {
                    System.err.println("usage: bench/run [--size BYTES[K|M|G]] [--reps N] [--dir DIR] [--sync]");
                    System.exit(2);
                }
            }
        }
        return new Options(size, reps, dir.toAbsolutePath(), sync);
    }

    static long parseSize(String text) {
        char unit = Character.toUpperCase(text.charAt(text.length() - 1));
        int shift = switch (unit) { case 'K' -> 10; case 'M' -> 20; case 'G' -> 30; default -> 0; };
        String digits = shift == 0 ? text : text.substring(0, text.length() - 1);
        return Long.parseLong(digits) << shift;
    }
}

/** A failure of the commands under test: the limits are still reported. */
static final class BenchFailure extends Exception {
    BenchFailure(String message) {
        super(message);
    }
}

/** One checkpoint of a fresh dirty process, and one restart of it. */
record Cycle(double checkpointSeconds, double restartSeconds, long contextBytes) {
    static Cycle run(Path bin, Path dirty, Options options) throws Exception {
        Path context = options.dir().resolve("bench.ctx");
        Files.deleteIfExists(context);
        Process original = new ProcessBuilder(dirty.toString(), Long.toString(options.size()))
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            expectLine(original, "ready", 120);
            long pid = original.pid();

            long start = System.nanoTime();
            int status = new ProcessBuilder(bin.resolve("cr_checkpoint").toString(), "--pid", "--kill",
                options.sync() ? "--sync" : "--nosync", "-f", context.toString(), Long.toString(pid))
                .inheritIO().start().waitFor();
            double checkpoint = seconds(start);
            if (status != 0) {
                throw new BenchFailure("cr_checkpoint --pid --kill -f " + context + " " + pid + " exited " + status);
            }
            if (!original.waitFor(30, TimeUnit.SECONDS)) {
                throw new BenchFailure("process " + pid + " still runs 30 s after cr_checkpoint --kill");
            }
            long contextBytes = Files.size(context);

            start = System.nanoTime();
            Process restart = new ProcessBuilder(bin.resolve("cr_restart").toString(), context.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                // cr_restart hands its stdin and stdout to the restored process: their pipes
                // led outside the checkpoint.
                OutputStream stdin = restart.getOutputStream();
                stdin.write('x');
                stdin.flush();
                expectLine(restart, "ok", 120);
                double restartSeconds = seconds(start);
                stdin.write('q');
                stdin.close();
                if (!restart.waitFor(30, TimeUnit.SECONDS) || restart.exitValue() != 0) {
                    throw new BenchFailure("cr_restart " + context + " did not exit 0 after 'q'");
                }
                return new Cycle(checkpoint, restartSeconds, contextBytes);
            } finally {
                restart.destroyForcibly();
            }
        } finally {
            original.destroyForcibly();
            Files.deleteIfExists(context);
        }
    }

    /** Waits for one line on the process's stdout, in a thread so that a silent process cannot hang us. */
    static void expectLine(Process process, String expected, int timeoutSeconds) throws Exception {
        var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        var line = new java.util.concurrent.CompletableFuture<String>();
        Thread.ofVirtual().start(() -> {
            try {
                line.complete(reader.readLine());
            } catch (IOException e) {
                line.completeExceptionally(e);
            }
        });
        String got;
        try {
            got = line.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new BenchFailure("no \"" + expected + "\" from " + process.info().command().orElse("pid " + process.pid())
                + " within " + timeoutSeconds + " s");
        }
        if (!expected.equals(got)) {
            throw new BenchFailure("expected \"" + expected + "\" from " + process.info().command().orElse("pid " + process.pid())
                + ", got " + (got == null ? "end of file" : "\"" + got + "\""));
        }
    }
}

static Path compile(Path source, Path dir) throws Exception {
    String name = source.getFileName().toString().replace(".c", "");
    Path binary = dir.resolve(name);
    run(List.of("gcc", "-O2", "-o", binary.toString(), source.toString()));
    return binary;
}

static List<Double> timesOf(Path limits, String... args) throws Exception {
    var command = new ArrayList<String>();
    command.add(limits.toString());
    command.addAll(List.of(args));
    return run(command).lines().map(Double::parseDouble).toList();
}

static List<Double> startupTimes(Path command, int runs) throws Exception {
    var times = new ArrayList<Double>();
    for (int i = 0; i < runs; i++) {
        long start = System.nanoTime();
        var process = new ProcessBuilder(command.toString(), "--help")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        process.waitFor();
        times.add(seconds(start));
    }
    return times;
}

static String run(List<String> command) throws Exception {
    var process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    if (process.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " exited " + process.exitValue());
    }
    return out;
}

static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
}

static double median(List<Double> values) {
    var sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
}

static String human(long bytes) {
    return bytes % (1L << 30) == 0 ? bytes / (1L << 30) + " GiB"
        : bytes % (1L << 20) == 0 ? bytes / (1L << 20) + " MiB" : bytes + " bytes";
}

static void printTable(Map<String, Object> results) {
    System.out.println();
    String[][] rows = {
        {"memory copy (memcpy)", "memcpy_s", "memcpy_GBps"},
        {"copy into fresh memory", "fresh_memcpy_s", "fresh_memcpy_GBps"},
        {"page-cache write", "pagecache_write_s", "pagecache_write_GBps"},
        {"write + fsync", "fsync_write_s", "fsync_write_GBps"},
        {"JVM start-up: cr_info --help", "jvm_startup_cr_info_help_s", null},
        {"cr_checkpoint --pid --kill", "checkpoint_s", null},
        {"cr_restart until it answers", "restart_s", null},
    };
    System.out.printf(Locale.ROOT, "%-32s %10s %10s%n", "median of the runs", "seconds", "GB/s");
    for (String[] row : rows) {
        if (results.get(row[1]) instanceof Double s) {
            String rate = row[2] == null ? "" : String.format(Locale.ROOT, "%.2f", (Double) results.get(row[2]));
            System.out.printf(Locale.ROOT, "%-32s %10.3f %10s%n", row[0], s, rate);
        }
    }
    if (results.get("context_bytes") instanceof Long bytes) {
        System.out.printf(Locale.ROOT, "%-32s %10s%n", "context file", human(bytes));
        if (results.get("checkpoint_vs_pagecache_write") instanceof Double ratio) {
            System.out.printf(Locale.ROOT, "%-32s %10.2f%n", "checkpoint --nosync / page-cache write", ratio);
        }
        if (results.get("checkpoint_vs_fsync_write") instanceof Double ratio) {
            System.out.printf(Locale.ROOT, "%-32s %10.2f%n", "checkpoint --sync / write + fsync", ratio);
        }
        System.out.printf(Locale.ROOT, "%-32s %10.2f%n", "restart / memcpy", (Double) results.get("restart_vs_memcpy"));
        System.out.printf(Locale.ROOT, "%-32s %10.2f%n", "restart / copy into fresh memory",
            (Double) results.get("restart_vs_fresh_memcpy"));
    }
    if (results.get("error") instanceof String error) {
        System.out.println("checkpoint/restart not measured: " + error);
    }
    System.out.println();
}

static String json(Map<String, Object> results) {
    var fields = new ArrayList<String>();
    results.forEach((key, value) -> fields.add("\"" + key + "\":" + switch (value) {
        case Double d -> String.format(Locale.ROOT, "%.6g", d);
        case String s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        default -> value.toString();
    }));
    return "{" + String.join(",", fields) + "}";
}
