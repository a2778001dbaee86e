package cr4j.memory;

import cr4j.proc.Vma;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which file mappings a checkpoint saves whole, so a restart needs neither the file nor its
 * unchanged contents (BLCR's --save-exe, --save-private, --save-shared, --save-all).
 */
public record SavedFiles(Set<Kind> kinds, String executable) {
    public enum Kind { EXECUTABLE, PRIVATE, SHARED }

    public static final SavedFiles NONE = new SavedFiles(EnumSet.noneOf(Kind.class), "");

    public SavedFiles {
        kinds = Set.copyOf(kinds);
    }

    /** The same choice for a process whose executable is EXECUTABLE. */
    public SavedFiles of(String executable) {
        return new SavedFiles(kinds, executable);
    }

    boolean saves(Vma vma) {
        if (vma.shared()) {
            return kinds.contains(Kind.SHARED);
        }
        return kinds.contains(Kind.PRIVATE) || (kinds.contains(Kind.EXECUTABLE) && vma.name().equals(executable));
    }
}
