/* A parent whose child exits 42 at once and stays a zombie until the parent is told, by a line
 * on stdin, to wait for it; it then prints "reaped PID exit STATUS". */
#include <sys/wait.h>
#include "say.h"

int main(void)
{
    pid_t child = fork();
    if (child == 0)
        _exit(42);
    say("child %d", (int)child);
    char line[64];
    if (read(0, line, sizeof line) <= 0)
        return 2;
    int status;
    pid_t reaped = waitpid(child, &status, 0);
    say("reaped %d exit %d", (int)reaped, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return 0;
}
