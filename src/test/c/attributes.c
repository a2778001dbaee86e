/* Sets attributes a restart must keep: resource limits, umask, working directory, name (comm),
 * timer slack and the keep-capabilities flag. On each line on stdin prints them:
 * "nofile S/H core S/H umask U cwd D comm C slack N keepcaps K". */
#include <limits.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include "say.h"

int main(int argc, char **argv)
{
    struct rlimit files = {1000, 2000}, core = {12345, 54321};
    if (argc != 2 || setrlimit(RLIMIT_NOFILE, &files) || setrlimit(RLIMIT_CORE, &core) || chdir(argv[1]))
        return 2;
    umask(027);
    prctl(PR_SET_NAME, "cr4j attrs");
    prctl(PR_SET_TIMERSLACK, 123456UL);
    prctl(PR_SET_KEEPCAPS, 1UL);
    char line[64];
    while (read(0, line, sizeof line) > 0) {
        struct rlimit f, c;
        getrlimit(RLIMIT_NOFILE, &f);
        getrlimit(RLIMIT_CORE, &c);
        mode_t mask = umask(0);
        umask(mask);
        char cwd[PATH_MAX], name[17] = {0};
        prctl(PR_GET_NAME, name);
        say("nofile %ld/%ld core %ld/%ld umask %03o cwd %s comm %s slack %d keepcaps %d", (long)f.rlim_cur,
            (long)f.rlim_max, (long)c.rlim_cur, (long)c.rlim_max, (unsigned)mask, getcwd(cwd, sizeof cwd), name,
            prctl(PR_GET_TIMERSLACK), prctl(PR_GET_KEEPCAPS));
    }
    return 0;
}
