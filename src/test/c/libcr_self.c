/* A process checkpoints itself (scope PROC unless said) and reports how the request ended, on the continue
 * path and again in a restarted copy. A thread-context callback prints "callback rc=R". The
 * argument picks the request:
 *   fd     cr_request_checkpoint into self.ctx, opened by the program; cr_poll_checkpoint in
 *          10 ms steps until done, then "poll rc=R errno=E"
 *   cwd    the same with CR_DEST_CWD (context.PID in the working directory)
 *   tree   as fd, with scope TREE (the request's cr4j-parent is saved too); then "children none"
 *          if no child is left, reaped or not, else "children left"
 *   file   the deprecated cr_request_file("self.ctx"), then cr_status() polled until IDLE, as
 *          Open MPI does, then "idle"
 * Prints "ready pid=P" first and "requested" once the request is made; waits for end of input
 * at the end. */
#include <fcntl.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <libcr.h>
#include "say.h"

static int report(void *unused)
{
    (void)unused;
    int rc = cr_checkpoint(CR_CHECKPOINT_READY);
    say("callback rc=%d", rc);
    return 0;
}

static void request_and_poll(cr_scope_t scope, int fd)
{
    cr_checkpoint_args_t args;
    cr_checkpoint_handle_t handle;
    if (cr_initialize_checkpoint_args_t(&args) < 0) {
        say("failed cr_initialize_checkpoint_args_t errno=%d", errno);
        return;
    }
    args.cr_scope = scope;
    args.cr_target = 0;
    args.cr_fd = fd;
    if (cr_request_checkpoint(&args, &handle) < 0) {
        say("failed cr_request_checkpoint errno=%d", errno);
        return;
    }
    say("requested");
    int rc;
    do {
        struct timeval step = { 0, 10 * 1000 };
        errno = 0;
        rc = cr_poll_checkpoint(&handle, &step);
    } while (rc == 0);
    say("poll rc=%d errno=%d", rc, errno);
}

static void request_file_and_await_idle(void)
{
    const struct timespec pause = { 0, 1000 * 1000 };
    /* Deprecated, yet what Open MPI still calls for a self-checkpoint. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    cr_request_file("self.ctx");
#pragma GCC diagnostic pop
    say("requested");
    while (cr_status() != CR_STATE_IDLE)
        nanosleep(&pause, NULL);
    say("idle");
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    if (cr_init() < 0) {
        say("failed cr_init errno=%d", errno);
        return 1;
    }
    if (cr_register_callback(report, NULL, CR_THREAD_CONTEXT) < 0) {
        say("failed cr_register_callback errno=%d", errno);
        return 1;
    }
    say("ready pid=%d", getpid());
    if (strcmp(mode, "fd") == 0 || strcmp(mode, "tree") == 0) {
        int fd = open("self.ctx", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0) {
            say("failed open errno=%d", errno);
            return 1;
        }
        request_and_poll(strcmp(mode, "tree") == 0 ? CR_SCOPE_TREE : CR_SCOPE_PROC, fd);
        if (strcmp(mode, "tree") == 0)
            say("children %s", waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD ? "none" : "left");
        close(fd);
    } else if (strcmp(mode, "cwd") == 0) {
        request_and_poll(CR_SCOPE_PROC, CR_DEST_CWD);
    } else if (strcmp(mode, "file") == 0) {
        request_file_and_await_idle();
    } else {
        say("unknown mode %s", mode);
        return 2;
    }
    char line[64];
    while (read_line(line, sizeof line) > 0)
        ;
    return 0;
}
