/* A thread-context callback that hangs in its first checkpoint: it prints "callback waiting" and
 * blocks until main passes it the stdin line "release", then prints "callback rc=R" with what
 * cr_checkpoint() returned. Later checkpoints do not wait. main stays responsive meanwhile: it
 * answers "ping" with "pong" and "status" with "status=S" (cr_status()). Prints "ready pid=P"
 * first. */
#include <string.h>
#include <libcr.h>
#include "say.h"

static int release_pipe[2];
static int rounds;

static int hang_once(void *unused)
{
    (void)unused;
    if (rounds++ == 0) {
        char byte;
        say("callback waiting");
        while (read(release_pipe[0], &byte, 1) < 0 && errno == EINTR)
            ;
    }
    say("callback rc=%d", cr_checkpoint(CR_CHECKPOINT_READY));
    return 0;
}

int main(void)
{
    if (pipe(release_pipe) < 0 || cr_init() < 0
        || cr_register_callback(hang_once, NULL, CR_THREAD_CONTEXT) < 0) {
        say("failed set-up errno=%d", errno);
        return 1;
    }
    say("ready pid=%d", getpid());
    char line[64];
    while (read_line(line, sizeof line) > 0) {
        if (strcmp(line, "ping") == 0)
            say("pong");
        else if (strcmp(line, "status") == 0)
            say("status=%d", cr_status());
        else if (strcmp(line, "release") == 0 && write(release_pipe[1], "r", 1) != 1)
            say("failed release errno=%d", errno);
    }
    return 0;
}
