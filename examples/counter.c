/* A process with state worth keeping: the count lives in a global, so a restart that lost memory
   would start again from 0. Prints one line every 0.3 s. */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static unsigned long count;

int main(void)
{
    const struct timespec pause = { .tv_sec = 0, .tv_nsec = 300 * 1000 * 1000 };

    for (;;) {
        printf("counter %lu (pid %d)\n", count++, (int)getpid());
        fflush(stdout);
        nanosleep(&pause, NULL);
    }
}
