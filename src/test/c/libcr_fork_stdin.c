/* A libcr program whose child, forked outside any callback, reads one line from the standard
 * input it inherited and prints "child read=LINE" (or "child read failed errno=E"); the parent
 * prints "child status=S" once it has reaped it. Prints "ready pid=P" first. */
#include <sys/wait.h>
#include <libcr.h>
#include "say.h"

static void child_reads(void)
{
    char line[64];
    errno = 0;
    if (read_line(line, sizeof line) > 0)
        say("child read=%s", line);
    else
        say("child read failed errno=%d", errno);
    _exit(0);
}

int main(void)
{
    if (cr_init() < 0) {
        say("failed cr_init errno=%d", errno);
        return 1;
    }
    say("ready pid=%d", getpid());
    pid_t child = fork();
    if (child < 0) {
        say("failed fork errno=%d", errno);
        return 1;
    }
    if (child == 0)
        child_reads();
    int status;
    while (waitpid(child, &status, 0) < 0)
        if (errno != EINTR) {
            say("failed waitpid errno=%d", errno);
            return 1;
        }
    say("child status=%d", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    return 0;
}
