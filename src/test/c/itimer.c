/* Keeps the three interval timers set and counts the SIGALRMs of ITIMER_REAL.
 *
 * ITIMER_REAL fires every 100 ms; the handler (SA_RESTART) counts and, at every tenth tick,
 * prints "tick N t=NS" (NS: CLOCK_MONOTONIC nanoseconds). ITIMER_VIRTUAL (interval 7 s, first
 * expiry 30 s) and ITIMER_PROF (interval 9 s, first expiry 40 s) only count this program's CPU
 * time, so they stay armed without firing. Prints "ready" once armed. For every line on stdin
 * prints "timers real=IV virtual=IV prof=IV", each IV being "INTERVAL_US/VALUE_US" from
 * getitimer. End of input exits 0. */
#include <signal.h>
#include <sys/time.h>
#include <time.h>
#include "say.h"

static volatile sig_atomic_t ticks;

static long long now_ns(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec * 1000000000LL + now.tv_nsec;
}

static void on_alarm(int signal_number)
{
    (void)signal_number;
    ticks++;
    if (ticks % 10 == 0)
        say("tick %d t=%lld", (int)ticks, now_ns());
}

static long microseconds(struct timeval value)
{
    return value.tv_sec * 1000000L + value.tv_usec;
}

static void arm(int which, long interval_us, long first_us)
{
    struct itimerval timer = {
        .it_interval = { interval_us / 1000000, interval_us % 1000000 },
        .it_value = { first_us / 1000000, first_us % 1000000 },
    };
    if (setitimer(which, &timer, NULL) != 0)
        say("setitimer %d failed errno=%d", which, errno);
}

static void print_timers(void)
{
    struct itimerval real, virtual, prof;
    getitimer(ITIMER_REAL, &real);
    getitimer(ITIMER_VIRTUAL, &virtual);
    getitimer(ITIMER_PROF, &prof);
    say("timers real=%ld/%ld virtual=%ld/%ld prof=%ld/%ld", microseconds(real.it_interval),
        microseconds(real.it_value), microseconds(virtual.it_interval), microseconds(virtual.it_value),
        microseconds(prof.it_interval), microseconds(prof.it_value));
}

int main(void)
{
    struct sigaction action = { 0 };
    action.sa_handler = on_alarm;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    sigaction(SIGALRM, &action, NULL);
    arm(ITIMER_VIRTUAL, 7000000, 30000000);
    arm(ITIMER_PROF, 9000000, 40000000);
    arm(ITIMER_REAL, 100000, 100000);
    say("ready");

    char request[64];
    while (read_line(request, sizeof request) > 0)
        print_timers();
    return 0;
}
