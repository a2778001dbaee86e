/* A parent that reaps its child. The child reads one line from stdin and exits with the number
 * on it; the parent, blocked in waitpid(), prints "child=P exited=S" (or "child=P signal=N",
 * "wait failed errno=E") and exits 3. Both print "name=N pid=P ppid=Q" first. */
#include <stdlib.h>
#include <sys/wait.h>
#include "say.h"

int main(void)
{
    say("name=parent pid=%d ppid=%d", getpid(), getppid());
    pid_t child = fork();
    if (child < 0) {
        say("fork failed errno=%d", errno);
        return 1;
    }
    if (child == 0) {
        char line[64];
        say("name=child pid=%d ppid=%d", getpid(), getppid());
        if (read_line(line, sizeof line) == 0)
            _exit(100);
        _exit(atoi(line));
    }
    int status;
    while (waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) {
            say("wait failed errno=%d", errno);
            return 1;
        }
    }
    if (WIFEXITED(status))
        say("child=%d exited=%d", child, WEXITSTATUS(status));
    else
        say("child=%d signal=%d", child, WTERMSIG(status));
    return 3;
}
