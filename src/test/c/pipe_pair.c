/* A parent writes lines "piece N" (N = 1..2000) into a pipe to its child, prints
 * "written bytes=B" and waits for the child. The child reads the first 100 bytes at once and
 * prints them as "child=P first=TEXT" (newlines as '|'), then sets O_NONBLOCK on its end. On a line on
 * stdin it prints "nonblock=F" (the flag as it finds it; it sets it again if it was lost), reads
 * the pipe until it is empty and prints "rest bytes=B fnv1a=H" (64-bit FNV-1a of those bytes in
 * hex), then exits 0. The parent prints "child exited=S" and exits 0. */
#include <fcntl.h>
#include <stdint.h>
#include <sys/wait.h>
#include "say.h"

#define PIECES 2000
#define FIRST 100

static int child_side(int in)
{
    char first[FIRST + 1];
    size_t have = 0;
    while (have < FIRST) {
        ssize_t got = read(in, first + have, FIRST - have);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            say("first read failed result=%zd errno=%d", got, errno);
            return 1;
        }
        have += got;
    }
    for (size_t i = 0; i < have; i++)
        first[i] = first[i] == '\n' ? '|' : first[i];
    first[have] = '\0';
    say("child=%d first=%s", getpid(), first);
    fcntl(in, F_SETFL, fcntl(in, F_GETFL) | O_NONBLOCK);

    char line[64];
    if (read_line(line, sizeof line) == 0)
        return 2;
    int nonblocking = (fcntl(in, F_GETFL) & O_NONBLOCK) != 0;
    say("nonblock=%d", nonblocking);
    if (!nonblocking)
        fcntl(in, F_SETFL, fcntl(in, F_GETFL) | O_NONBLOCK);
    uint64_t hash = 0xcbf29ce484222325ULL;
    long total = 0;
    for (;;) {
        unsigned char buffer[4096];
        ssize_t got = read(in, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0 && errno == EAGAIN)
            break;
        if (got <= 0) {
            say("rest read failed result=%zd errno=%d", got, got < 0 ? errno : 0);
            return 1;
        }
        for (ssize_t i = 0; i < got; i++) {
            hash ^= buffer[i];
            hash *= 0x100000001b3ULL;
        }
        total += got;
    }
    say("rest bytes=%ld fnv1a=%016llx", total, (unsigned long long)hash);
    return 0;
}

int main(void)
{
    int ends[2];
    if (pipe(ends) < 0) {
        say("pipe failed errno=%d", errno);
        return 1;
    }
    pid_t child = fork();
    if (child < 0) {
        say("fork failed errno=%d", errno);
        return 1;
    }
    if (child == 0) {
        close(ends[1]);
        _exit(child_side(ends[0]));
    }
    close(ends[0]);
    long written = 0;
    for (int piece = 1; piece <= PIECES; piece++) {
        char line[32];
        int length = snprintf(line, sizeof line, "piece %d\n", piece);
        if (write(ends[1], line, length) != length) {
            say("write failed errno=%d", errno);
            return 1;
        }
        written += length;
    }
    say("written bytes=%ld", written);
    int status;
    while (waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) {
            say("wait failed errno=%d", errno);
            return 1;
        }
    }
    say("child exited=%d", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    return 0;
}
