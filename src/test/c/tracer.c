/* A parent that traces its child, as a debugger would: prints "tracing PID", then waits for the
 * child to end. The child prints nothing and sleeps until killed. */
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include "say.h"

int main(void)
{
    pid_t child = fork();
    if (child == 0) {
        for (;;)
            pause();
    }
    if (ptrace(PTRACE_SEIZE, child, 0, 0) != 0)
        return 2;
    say("tracing %d", (int)child);
    int status;
    while (waitpid(child, &status, __WALL) == child && !WIFEXITED(status) && !WIFSIGNALED(status))
        ptrace(PTRACE_CONT, child, 0, 0);
    return 0;
}
