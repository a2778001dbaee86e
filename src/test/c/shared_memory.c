/* A parent and a child sharing MAP_SHARED|MAP_ANONYMOUS memory: the child writes its pid there and
 * counts in it every millisecond. On each line on stdin the parent waits until the count moves,
 * then prints "value V marker M": after a restart the child's writes must still reach it. */
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include "say.h"

int main(void)
{
    volatile long *shared = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED)
        return 2;
    struct timespec tick = {0, 1000000};
    pid_t child = fork();
    if (child == 0) {
        shared[512] = getpid();
        for (;;) {
            shared[0]++;
            nanosleep(&tick, NULL);
        }
    }
    say("child %d", (int)child);
    char line[64];
    while (read(0, line, sizeof line) > 0) {
        long seen = shared[0];
        while (shared[0] == seen)
            nanosleep(&tick, NULL);
        say("value %ld marker %ld", shared[0], shared[512]);
    }
    return 0;
}
