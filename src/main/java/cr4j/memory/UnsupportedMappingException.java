package cr4j.memory;

import cr4j.proc.Vma;

import cr4j.sys.Errno;
import cr4j.sys.ErrnoException;

/** A mapping the checkpoint cannot save yet; the checkpoint is refused, the target untouched. */
public final class UnsupportedMappingException extends ErrnoException {
    public UnsupportedMappingException(Vma vma, String why) {
        super(Errno.EOPNOTSUPP, String.format("mapping %x-%x %s: %s", vma.start(), vma.end(),
                vma.name().isEmpty() ? "(anonymous)" : vma.name(), why));
    }
}
