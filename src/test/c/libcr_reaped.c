/* A program that reaps its own children asks for a checkpoint and reports how it ended. The
 * first argument says how it reaps: "ignore" sets SIGCHLD to SIG_IGN, "handler" installs a
 * handler that waits for any child. The second is the target: 0 for itself (into reaped.ctx),
 * or a pid. Polls with cr_poll_checkpoint_msg in 10 ms steps and prints "poll rc=R errno=E",
 * then "log=TEXT" (the log with newlines as '|'). Prints "ready pid=P" first; waits for end of
 * input at the end. */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <libcr.h>
#include "say.h"

static void reap_all(int signal)
{
    (void)signal;
    int saved_errno = errno;
    while (waitpid(-1, NULL, WNOHANG) > 0)
        ;
    errno = saved_errno;
}

static void reap_children(const char *how)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = strcmp(how, "ignore") == 0 ? SIG_IGN : reap_all;
    action.sa_flags = SA_RESTART;
    sigaction(SIGCHLD, &action, NULL);
}

static void request_and_poll(pid_t target)
{
    cr_checkpoint_args_t args;
    cr_checkpoint_handle_t handle;
    cr_initialize_checkpoint_args_t(&args);
    args.cr_scope = CR_SCOPE_PROC;
    args.cr_target = target;
    args.cr_fd = open("reaped.ctx", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (args.cr_fd < 0 || cr_request_checkpoint(&args, &handle) < 0) {
        say("failed request errno=%d", errno);
        return;
    }
    int rc;
    char *log = NULL;
    do {
        struct timeval step = { 0, 10 * 1000 };
        errno = 0;
        rc = cr_poll_checkpoint_msg(&handle, &step, &log);
    } while (rc == 0);
    say("poll rc=%d errno=%d", rc, errno);
    for (char *c = log; c != NULL && *c != '\0'; c++)
        if (*c == '\n')
            *c = '|';
    say("log=%s", log != NULL ? log : "");
    free(log);
}

int main(int argc, char **argv)
{
    if (argc < 3 || cr_init() < 0) {
        say("failed usage or cr_init errno=%d", errno);
        return 1;
    }
    reap_children(argv[1]);
    say("ready pid=%d", getpid());
    request_and_poll((pid_t)atol(argv[2]));
    char line[64];
    while (read_line(line, sizeof line) > 0)
        ;
    return 0;
}
