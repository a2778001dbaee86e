package cr4j.cli;

import cr4j.image.ContextImage;
import cr4j.image.ContextJson;
import cr4j.image.ContextSummary;
import cr4j.image.CorruptContextException;
import cr4j.sys.Errno;
import cr4j.sys.ErrnoException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/** {@code cr_info [--json] [--verify] FILE}: what a context file holds. */
public final class InfoCommand {

    private static final String USAGE = """
            Usage: cr_info [options] FILE
            Show what a cr4j context file holds.

              --json      print the context as JSON, for tools
              --verify    also check the checksum of every page of saved memory
              --help      print this help and exit
              --version   print the version and exit
            """;

    private InfoCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        boolean json = false;
        boolean verify = false;
        String file = null;
        boolean optionsEnded = false;
        for (String arg : args) {
            if (!optionsEnded && arg.startsWith("-") && arg.length() > 1) {
                switch (arg) {
                    case "--help", "-h" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    case "--version" -> {
                        out.println("cr_info version 0.1.0");
                        return 0;
                    }
                    case "--json" -> json = true;
                    case "--verify" -> verify = true;
                    case "--" -> optionsEnded = true;
                    default -> {
                        return usage(err, "unknown option '" + arg + "'");
                    }
                }
            } else if (file == null) {
                file = arg;
            } else {
                return usage(err, "only one FILE may be given");
            }
        }
        if (file == null) {
            return usage(err, "a FILE is required");
        }
        try (ContextImage image = ContextImage.open(Path.of(file))) {
            if (verify) {
                image.verifyPages();
            }
            out.print(json ? ContextJson.of(image) : ContextSummary.of(image));
            if (verify && !json) {
                out.printf("page data verified: %d bytes%n", image.trailer().getPageBytes());
            }
            return 0;
        } catch (CorruptContextException e) {
            err.println("cr_info: " + e.getMessage());
            return Errno.exitStatus(e.errno());
        } catch (IOException e) {
            err.println("cr_info: Unable to open file '" + file + "': " + ErrnoException.reasonOf(e));
            return Errno.exitStatus(ErrnoException.errnoOf(e));
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println("cr_info: " + problem);
        err.print(USAGE);
        return 255;
    }
}
