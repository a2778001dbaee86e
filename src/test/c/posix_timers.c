/* Two POSIX timers with their own values and periods (100 ms and 50 ms), counted by one SA_SIGINFO
 * handler. At every 10th tick of the slow one it prints "timer-id A B ticks TA TB": the timer_t
 * ids and the counts, so a test sees the same ids and both counts growing at their rates after a
 * restart. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "say.h"

static volatile long ticks[2];

static void on_tick(int sig, siginfo_t *info, void *context)
{
    (void)sig;
    (void)context;
    ticks[info->si_value.sival_int]++;
}

static timer_t start_timer(int which, long period_ns)
{
    struct sigevent event;
    memset(&event, 0, sizeof event);
    event.sigev_notify = SIGEV_SIGNAL;
    event.sigev_signo = SIGRTMIN;
    event.sigev_value.sival_int = which;
    timer_t id;
    if (timer_create(CLOCK_MONOTONIC, &event, &id) != 0)
        exit(2);
    struct itimerspec spec = {{0, period_ns}, {0, period_ns}};
    timer_settime(id, 0, &spec, NULL);
    return id;
}

int main(void)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_tick;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGRTMIN, &action, NULL);
    timer_t slow = start_timer(0, 100000000);
    timer_t fast = start_timer(1, 50000000);
    long reported = 0;
    for (;;) {
        pause();
        long now = ticks[0];
        if (now != reported && now % 10 == 0) {
            reported = now;
            say("timer-id %ld %ld ticks %ld %ld", (long)slow, (long)fast, now, ticks[1]);
        }
    }
}
