/* Sleeps once with nanosleep(2) and reports how long it slept by CLOCK_MONOTONIC.
 *
 *   sleeper MS
 * prints "sleeping ms=MS start=NS", sleeps, then "slept ELAPSED ms eintr=E end=NS" and exits 0.
 * An interrupted sleep is not retried: E=1 shows an EINTR the program should never have seen.
 * NS are CLOCK_MONOTONIC nanoseconds, the clock behind Java's System.nanoTime() on Linux. */
#include <stdlib.h>
#include <time.h>
#include "say.h"

static long long now_ns(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec * 1000000000LL + now.tv_nsec;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        say_to(2, "usage: sleeper MILLISECONDS");
        return 2;
    }
    long ms = atol(argv[1]);
    struct timespec duration = { ms / 1000, (ms % 1000) * 1000000L };
    long long start = now_ns();
    say("sleeping ms=%ld start=%lld", ms, start);
    int eintr = nanosleep(&duration, NULL) != 0 && errno == EINTR;
    long long end = now_ns();
    say("slept %lld ms eintr=%d end=%lld", (end - start) / 1000000, eintr, end);
    return 0;
}
