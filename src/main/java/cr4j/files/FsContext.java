package cr4j.files;

import cr4j.sys.RemoteSyscall;
import cr4j.sys.Syscall;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's file-system context (the kernel's fs_struct): working directory and umask. */
public final class FsContext {
    private FsContext() {}

    public static String captureCwd(int pid) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/" + pid + "/cwd")).toString();
    }

    public static void restore(RemoteSyscall remote, String cwd, int umask) throws IOException {
        remote.resetScratch();
        remote.call("chdir " + cwd, Syscall.CHDIR, remote.putString(cwd));
        remote.call("umask", Syscall.UMASK, umask);
    }
}
