package cr4j.restart;

import cr4j.image.ProcessImage;
import cr4j.image.proto.FileDescriptor;
import cr4j.image.proto.FileIdentity;
import cr4j.image.proto.Mapping;
import cr4j.image.proto.Process;

import java.util.function.UnaryOperator;

/**
 * The paths a restored process will find its files at, after cr_restart's --relocate rules
 * (BLCR-SPEC.md 2.2): the executable, mapped files, open files and the working directory. Applied
 * to the records once, before anything is checked or opened.
 */
final class RelocatedPaths {
    private RelocatedPaths() {}

    static ProcessImage apply(ProcessImage image, UnaryOperator<String> relocate) {
        Process p = image.process();
        Process.Builder b = p.toBuilder().setCwd(relocate.apply(p.getCwd())).setExe(file(p.getExe(), relocate));
        for (int i = 0; i < b.getMappingsCount(); i++) {
            Mapping m = b.getMappings(i);
            if (m.getKind() == Mapping.Kind.FILE) {
                b.setMappings(i, m.toBuilder().setName(relocate.apply(m.getName())).setFile(file(m.getFile(), relocate)));
            }
        }
        for (int i = 0; i < b.getFdsCount(); i++) {
            FileDescriptor d = b.getFds(i);
            if (d.hasFile() || d.getKind() == FileDescriptor.Kind.DEVICE) {
                b.setFds(i, d.toBuilder().setPath(relocate.apply(d.getPath())).setFile(file(d.getFile(), relocate)));
            }
        }
        return new ProcessImage(b.build(), image.pages());
    }

    private static FileIdentity file(FileIdentity f, UnaryOperator<String> relocate) {
        return f.toBuilder().setPath(relocate.apply(f.getPath())).build();
    }
}
