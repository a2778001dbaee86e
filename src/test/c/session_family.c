/* A session leader with a child in a process group of its own. Each prints
 * "ROLE pid P pgid G sid S" on every line on stdin (the parent passes the line to the child). */
#include <string.h>
#include <sys/wait.h>
#include "say.h"

static void report(const char *role)
{
    say("%s pid %d pgid %d sid %d", role, (int)getpid(), (int)getpgid(0), (int)getsid(0));
}

int main(void)
{
    if (setsid() < 0)
        return 2;
    int line[2];
    if (pipe(line))
        return 2;
    pid_t child = fork();
    char buffer[64];
    if (child == 0) {
        setpgid(0, 0);
        report("child");
        while (read(line[0], buffer, 1) == 1)
            report("child");
        return 0;
    }
    report("parent");
    while (read(0, buffer, sizeof buffer) > 0) {
        report("parent");
        write(line[1], "x", 1);
    }
    return 0;
}
