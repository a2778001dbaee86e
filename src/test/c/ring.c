/* A ring of four processes passing numbers through pipes. This process is member 0 and forks
 * members 1-3; member I reads 8-byte numbers from pipe I and writes each one plus one to pipe
 * (I+1)%4. Member 0 starts four tokens, numbered K*1000000, and holds every number it gets for
 * 20 ms before passing it on, so the other tokens wait in its pipe: bytes are always in flight.
 *
 * Every member prints "member=I pid=P ppid=Q" when it starts and "member=I pid=P got=N queued=B"
 * for every number it reads, B being the bytes still unread in its pipe (FIONREAD). A failed
 * read or write prints "member=I failed CALL result=R errno=E" and exits 1. */
#include <stdint.h>
#include <sys/ioctl.h>
#include <time.h>
#include "say.h"

#define MEMBERS 4
#define TOKENS 4
#define TOKEN_BASE 1000000

static int pipes[MEMBERS][2];

static int transfer(int member, const char *call, int fd, int64_t *number)
{
    char *bytes = (char *)number;
    size_t done = 0;
    while (done < sizeof *number) {
        ssize_t moved = call[0] == 'r' ? read(fd, bytes + done, sizeof *number - done)
                                       : write(fd, bytes + done, sizeof *number - done);
        if (moved < 0 && errno == EINTR)
            continue;
        if (moved <= 0) {
            say("member=%d failed %s result=%zd errno=%d", member, call, moved, moved < 0 ? errno : 0);
            return -1;
        }
        done += moved;
    }
    return 0;
}

static void hold(void)
{
    struct timespec left = { 0, 20 * 1000 * 1000 };
    while (nanosleep(&left, &left) < 0 && errno == EINTR)
        ;
}

static int run(int member)
{
    int in = pipes[member][0];
    int out = pipes[(member + 1) % MEMBERS][1];
    for (int i = 0; i < MEMBERS; i++) {
        if (pipes[i][0] != in)
            close(pipes[i][0]);
        if (pipes[i][1] != out)
            close(pipes[i][1]);
    }
    say("member=%d pid=%d ppid=%d", member, getpid(), getppid());
    if (member == 0) {
        for (int64_t token = 0; token < TOKENS; token++) {
            int64_t first = token * TOKEN_BASE;
            if (transfer(member, "write", out, &first) < 0)
                return 1;
        }
    }
    for (;;) {
        int64_t number;
        if (transfer(member, "read", in, &number) < 0)
            return 1;
        int queued = -1;
        ioctl(in, FIONREAD, &queued);
        say("member=%d pid=%d got=%lld queued=%d", member, getpid(), (long long)number, queued);
        if (member == 0)
            hold();
        number++;
        if (transfer(member, "write", out, &number) < 0)
            return 1;
    }
}

int main(void)
{
    for (int i = 0; i < MEMBERS; i++) {
        if (pipe(pipes[i]) < 0) {
            say("member=0 failed pipe result=-1 errno=%d", errno);
            return 1;
        }
    }
    for (int member = 1; member < MEMBERS; member++) {
        pid_t child = fork();
        if (child < 0) {
            say("member=0 failed fork result=-1 errno=%d", errno);
            return 1;
        }
        if (child == 0)
            return run(member);
    }
    return run(0);
}
