package cr4j.cli;

import java.nio.file.Path;

/** Where a context file is written (cr_checkpoint) or read from (cr_restart). */
public sealed interface ContextLocation {

    /** The name messages use: the path, or "&lt;fdN&gt;" for a descriptor. */
    String displayName();

    /** A path, relative ones resolved against the command's working directory. */
    record File(Path path) implements ContextLocation {
        @Override
        public String displayName() {
            return path.toString();
        }
    }

    /** A descriptor the command inherited already open: a file, a pipe, stdin ({@code -F 0}). */
    record Descriptor(int fd) implements ContextLocation {
        @Override
        public String displayName() {
            return "<fd" + fd + ">";
        }
    }
}
