/* A program that takes part in its checkpoints through libcr (libcr.h, as with BLCR): a callback
   runs before each checkpoint and tells, after it, whether the program continues or was
   restarted. Build: gcc -I target/cr4j/include -o callbacks examples/callbacks.c -L target/cr4j/lib -lcr
   Run with LD_LIBRARY_PATH=target/cr4j/lib. Prints one line every 0.3 s. */
#include <libcr.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static unsigned long count;

/* Runs in libcr's own thread: here a program would flush buffers or close sockets. */
static int around_checkpoint(void *unused)
{
    (void)unused;
    const struct cr_checkpoint_info *info = cr_get_checkpoint_info();
    printf("callback: checkpoint to %s requested by process %d\n", info->dest, (int)info->requester);
    fflush(stdout);
    int rc = cr_checkpoint(CR_CHECKPOINT_READY);
    if (rc > 0)
        printf("callback: restarted from %s by cr_restart (pid %d)\n", cr_get_restart_info()->src, rc);
    else if (rc == 0)
        printf("callback: saved, continuing\n");
    else
        printf("callback: the checkpoint failed: %s\n", cr_strerror(-rc));
    fflush(stdout);
    return 0;
}

int main(void)
{
    if (cr_init() < 0 || cr_register_callback(around_checkpoint, NULL, CR_THREAD_CONTEXT) < 0) {
        perror("libcr");
        return 1;
    }
    const struct timespec pause = { .tv_sec = 0, .tv_nsec = 300 * 1000 * 1000 };
    for (;;) {
        printf("counter %lu (pid %d)\n", count++, (int)getpid());
        fflush(stdout);
        nanosleep(&pause, NULL);
    }
}
