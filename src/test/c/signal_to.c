/* Sends a signal the way a test cannot from Java:
 *   signal_to PID SIGNAL          kill(2)
 *   signal_to PID SIGNAL VALUE    sigqueue(3) with the integer VALUE as si_value
 * Exits 0 when sent; otherwise prints "signal_to: errno=E" on stderr and exits 1. */
#include <signal.h>
#include <stdlib.h>
#include "say.h"

int main(int argc, char **argv)
{
    if (argc != 3 && argc != 4) {
        say_to(2, "usage: signal_to PID SIGNAL [VALUE]");
        return 2;
    }
    pid_t pid = (pid_t)atol(argv[1]);
    int signal_number = atoi(argv[2]);
    int failed;
    if (argc == 4) {
        union sigval value = { .sival_int = atoi(argv[3]) };
        failed = sigqueue(pid, signal_number, value) != 0;
    } else {
        failed = kill(pid, signal_number) != 0;
    }
    if (failed) {
        say_to(2, "signal_to: errno=%d", errno);
        return 1;
    }
    return 0;
}
