package cr4j.proc;

/**
 * One line of /proc/PID/maps: a virtual memory area.
 *
 * @param name the path, a bracketed kernel name ("[heap]", "[stack]", "[vdso]", "[anon:x]"...) or
 *     empty for anonymous memory; for a deleted file, the path without the " (deleted)" suffix.
 *     As the kernel prints it: a newline in a path reads as the four characters "\012"
 * @param deleted the kernel marked the mapped file " (deleted)": it was unlinked after mapping
 */
public record Vma(long start, long end, boolean readable, boolean writable, boolean executable,
                  boolean shared, long offset, int deviceMajor, int deviceMinor, long inode,
                  String name, boolean deleted) {

    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int PROT_EXEC = 4;

    /** What the name says the area is, in the terms a checkpoint treats it by. */
    public enum Kind { ANONYMOUS, FILE, HEAP, STACK, VDSO, VVAR, VVAR_VCLOCK, VSYSCALL, OTHER_SPECIAL }

    public int prot() {
        return (readable ? PROT_READ : 0) | (writable ? PROT_WRITE : 0) | (executable ? PROT_EXEC : 0);
    }

    public long length() {
        return end - start;
    }

    public Kind kind() {
        if (name.isEmpty() || name.startsWith("[anon:")) {
            return Kind.ANONYMOUS;
        }
        if (name.startsWith("/")) {
            return Kind.FILE;
        }
        return switch (name) {
            case "[heap]" -> Kind.HEAP;
            case "[stack]" -> Kind.STACK;
            case "[vdso]" -> Kind.VDSO;
            case "[vvar]" -> Kind.VVAR;
            case "[vvar_vclock]" -> Kind.VVAR_VCLOCK;
            case "[vsyscall]" -> Kind.VSYSCALL;
            default -> Kind.OTHER_SPECIAL;
        };
    }

    /** The area maps a file, which may since have been deleted. */
    public boolean isFile() {
        return kind() == Kind.FILE;
    }
}
