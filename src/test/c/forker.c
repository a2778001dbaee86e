/* For every line on stdin, forks a child that execs /bin/echo child-ok, waits for it and
 * prints "child exited=S" (or "child signal=N", "fork failed errno=E"). Prints "ready" first;
 * end of input exits 0. */
#include <sys/wait.h>
#include "say.h"

int main(void)
{
    char request[64];
    say("ready");
    while (read_line(request, sizeof request) > 0) {
        pid_t child = fork();
        if (child < 0) {
            say("fork failed errno=%d", errno);
            continue;
        }
        if (child == 0) {
            execl("/bin/echo", "echo", "child-ok", (char *)NULL);
            _exit(127);
        }
        int status;
        while (waitpid(child, &status, 0) < 0 && errno == EINTR)
            ;
        if (WIFEXITED(status))
            say("child exited=%d", WEXITSTATUS(status));
        else
            say("child signal=%d", WTERMSIG(status));
    }
    return 0;
}
