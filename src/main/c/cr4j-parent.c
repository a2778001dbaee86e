/* cr4j-parent: the process a user starts as cr_checkpoint. It runs the checkpointer (a JVM) as
 * its child and exits as the child does. When a job checkpoints itself, the checkpointer leaves
 * itself out of the context and this process, part of the job, is saved in its wait: restarted
 * without its child, the wait finds none, and the job sees cr_checkpoint succeed (BLCR-SPEC.md
 * section 1.1). */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile pid_t child;
static int report_status;

/* The signals a user sends to stop a command reach the checkpointer, which lets its targets go. */
static const int forwarded[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2};

static void forward(int signal)
{
    if (child > 0)
        kill(child, signal);
}

static void run_checkpointer(char **argv, pid_t parent)
{
    /* Killed outright, the parent cannot forward: the checkpointer ends too. */
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent)
        _exit(1);
    execv(argv[0], argv);
    fprintf(stderr, "cr_checkpoint: cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(127);
}

/* libcr asks (CR4J_REPORT_STATUS=1) because a program that reaps its own children, with SIGCHLD
 * ignored say, leaves it no other way to learn how the checkpoint went. */
static int finish(int status)
{
    if (report_status)
        fprintf(stderr, "cr4j-exit %d\n", status);
    return status;
}

static int await_checkpointer(pid_t pid)
{
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            return 0; /* ECHILD: restarted from a checkpoint its child was not part of */
    }
    if (WIFSIGNALED(status)) {
        fprintf(stderr, "child killed by signal %d (%s)\n", WTERMSIG(status), strsignal(WTERMSIG(status)));
        return 1;
    }
    return WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: cr4j-parent PROGRAM [ARG...]\n");
        return 255;
    }
    const char *report = getenv("CR4J_REPORT_STATUS");
    report_status = report != NULL && strcmp(report, "1") == 0;
    unsetenv("CR4J_REPORT_STATUS");
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "fork() failed: %s\n", strerror(errno));
        return finish(1);
    }
    if (pid == 0)
        run_checkpointer(argv + 1, parent);
    child = pid;
    struct sigaction action = {.sa_handler = forward, .sa_flags = SA_RESTART};
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++)
        sigaction(forwarded[i], &action, NULL);
    return finish(await_checkpointer(pid));
}
