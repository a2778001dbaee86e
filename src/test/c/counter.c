/* Counts in memory and prints "N pid=P" for every step.
 *
 * The count is kept four times, in a global, on the heap, on the stack and in a __thread
 * variable; a restore that loses one kind of memory prints "mismatch ..." instead. The pid is
 * checked against the one seen at start and "pid-changed ..." is printed when it differs.
 *
 * Arguments, in any order:
 *   stdin    step once per line read on stdin instead of every 50 ms; a line "e" writes the
 *            step to stderr instead of stdout; end of input exits
 *   lines=K  exit after step K
 *   exit=C   exit status when it stops (default 0)
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "say.h"

static long global_count;
static __thread long thread_count;

struct options {
    int from_stdin;
    long lines;
    int exit_status;
};

static struct options parse(int argc, char **argv)
{
    struct options options = { 0, 0, 0 };
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "stdin") == 0)
            options.from_stdin = 1;
        else if (strncmp(argv[i], "lines=", 6) == 0)
            options.lines = atol(argv[i] + 6);
        else if (strncmp(argv[i], "exit=", 5) == 0)
            options.exit_status = atoi(argv[i] + 5);
        else {
            say_to(2, "unknown argument %s", argv[i]);
            exit(2);
        }
    }
    return options;
}

static void step(int fd, long *heap_count, volatile long *stack_count, pid_t first_pid)
{
    global_count++;
    (*heap_count)++;
    (*stack_count)++;
    thread_count++;
    pid_t pid = getpid();
    if (pid != first_pid)
        say_to(fd, "pid-changed was=%d now=%d", first_pid, pid);
    if (global_count == *heap_count && global_count == *stack_count && global_count == thread_count)
        say_to(fd, "%ld pid=%d", global_count, pid);
    else
        say_to(fd, "mismatch global=%ld heap=%ld stack=%ld thread=%ld",
               global_count, *heap_count, *stack_count, thread_count);
}

int main(int argc, char **argv)
{
    struct options options = parse(argc, argv);
    long *heap_count = calloc(1, sizeof *heap_count);
    volatile long stack_count = 0;
    pid_t first_pid = getpid();
    const struct timespec period = { 0, 50 * 1000 * 1000 };
    char request[64];

    while (options.lines == 0 || global_count < options.lines) {
        int fd = 1;
        if (options.from_stdin) {
            if (read_line(request, sizeof request) == 0)
                break;
            if (strcmp(request, "e") == 0)
                fd = 2;
        } else {
            nanosleep(&period, NULL);
        }
        step(fd, heap_count, &stack_count, first_pid);
    }
    return options.exit_status;
}
