/* Output for the test programs: one write(2) per line, so nothing waits in a stdio buffer
 * when a process is frozen, killed or restored. */
#ifndef SAY_H
#define SAY_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

static inline void say_to(int fd, const char *format, ...) __attribute__((format(printf, 2, 3)));

static inline void say_to(int fd, const char *format, ...)
{
    char line[4096];
    va_list args;
    va_start(args, format);
    int length = vsnprintf(line, sizeof line - 1, format, args);
    va_end(args);
    if (length < 0)
        return;
    if (length > (int)sizeof line - 2)
        length = sizeof line - 2;
    line[length++] = '\n';
    int saved_errno = errno;
    const char *next = line;
    while (length > 0) {
        ssize_t written = write(fd, next, length);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            break;
        next += written;
        length -= written;
    }
    errno = saved_errno;
}

#define say(...) say_to(1, __VA_ARGS__)

/* Reads one line from stdin without buffering ahead, so no input is held in memory that the
 * test cannot see. Returns the line length, 0 at end of input. A read that fails is reported
 * as "read failed errno=E" (a spurious EINTR after restart must be visible) and ends input. */
static inline int read_line(char *line, int capacity)
{
    int length = 0;
    for (;;) {
        char c;
        ssize_t got = read(0, &c, 1);
        if (got < 0) {
            say("read failed errno=%d", errno);
            return 0;
        }
        if (got == 0)
            return length > 0 ? length : 0;
        if (c == '\n') {
            line[length] = '\0';
            return length + 1;
        }
        if (length < capacity - 1)
            line[length++] = c;
    }
}

/* Says "ready pid=P" and waits for the end of input; returns main's exit status. */
static inline int ready_until_end(void)
{
    say("ready pid=%d", getpid());
    char line[64];
    while (read_line(line, sizeof line) > 0)
        ;
    return 0;
}

#endif
