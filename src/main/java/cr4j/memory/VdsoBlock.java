package cr4j.memory;

import cr4j.image.proto.Mapping;
import cr4j.proc.Vma;
import cr4j.sys.RemoteSyscall;
import cr4j.sys.Syscall;

import java.io.IOException;
import java.util.List;

/**
 * The [vvar], [vvar_vclock] and [vdso] areas the kernel gives every process. Nothing of them is
 * saved; at restart the new process's block is moved to the recorded addresses. The three move
 * together by one delta because the vdso code finds its data rip-relative, and the move must be
 * made by the process itself, so the kernel updates its mm->context.vdso (KERNEL-NOTES R4).
 */
public final class VdsoBlock {
    private static final int MREMAP_MAYMOVE = 1, MREMAP_FIXED = 2;

    private VdsoBlock() {}

    /**
     * Moves the block from CURRENT to where RECORDED had it, through TEMPORARY (a free address
     * range as large as the block), so that old and new ranges never overlap.
     */
    public static void restore(RemoteSyscall remote, List<Vma> current, List<Mapping> recorded,
                               long temporary) throws IOException {
        List<Vma> now = current.stream().filter(VdsoBlock::movable).toList();
        List<Mapping> then = recorded.stream().filter(VdsoBlock::movable).toList();
        checkSameLayout(now, then);
        if (now.isEmpty() || now.getFirst().start() == then.getFirst().getStart()) {
            return;
        }
        long base = now.getFirst().start();
        for (Vma v : now) {
            move(remote, v.start(), v.length(), temporary + (v.start() - base));
        }
        for (int i = 0; i < now.size(); i++) {
            Vma v = now.get(i);
            move(remote, temporary + (v.start() - base), v.length(), then.get(i).getStart());
        }
    }

    /** Size of the block, for choosing the temporary range. */
    public static long size(List<Mapping> recorded) {
        List<Mapping> block = recorded.stream().filter(VdsoBlock::movable).toList();
        return block.isEmpty() ? 0 : block.getLast().getEnd() - block.getFirst().getStart();
    }

    private static void move(RemoteSyscall remote, long from, long length, long to) throws IOException {
        remote.call("mremap vdso block", Syscall.MREMAP, from, length, length,
                MREMAP_MAYMOVE | MREMAP_FIXED, to);
    }

    private static void checkSameLayout(List<Vma> now, List<Mapping> then) throws IOException {
        boolean same = now.size() == then.size();
        for (int i = 0; same && i < now.size(); i++) {
            same = now.get(i).length() == then.get(i).getEnd() - then.get(i).getStart()
                    && now.get(i).name().equals(then.get(i).getName())
                    && (i == 0 || now.get(i).start() - now.getFirst().start()
                        == then.get(i).getStart() - then.getFirst().getStart());
        }
        if (!same) {
            throw new IOException("the vdso of this kernel differs from the one at checkpoint time"
                    + " (restart needs the same kernel)");
        }
    }

    private static boolean movable(Vma v) {
        return v.kind() == Vma.Kind.VDSO || v.kind() == Vma.Kind.VVAR || v.kind() == Vma.Kind.VVAR_VCLOCK;
    }

    private static boolean movable(Mapping m) {
        return m.getKind() == Mapping.Kind.VDSO || m.getKind() == Mapping.Kind.VVAR
                || m.getKind() == Mapping.Kind.VVAR_VCLOCK;
    }
}
