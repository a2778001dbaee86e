/* A family spread over process groups and sessions. This process starts a session of its own,
 * so nothing of the test runner shares its group or session, and forks:
 *   same       stays in this group and session
 *   leader     setpgid(0, 0): a group of its own in this session; it forks "grouped" into it
 *   session    setsid(): a session of its own; it forks "sessioned" into it
 * With the argument "orphan", leader also forks a child that forks "orphan" and exits at once,
 * so "orphan" is in leader's group and this session but descends from nobody of the family;
 * leader prints "name=leader reaped=P" once that child is reaped.
 *
 * Every process prints "name=N pid=P ppid=Q pgid=G sid=S" once it is in place and then waits in
 * pause(). A failed call prints "name=N failed CALL errno=E" and exits 1. */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include "say.h"

static void settle(const char *name)
{
    say("name=%s pid=%d ppid=%d pgid=%d sid=%d", name, getpid(), getppid(), getpgid(0), getsid(0));
}

static void wait_forever(void)
{
    for (;;)
        pause();
}

/* Runs body in a new child; the parent returns the child's PID. */
static pid_t spawn(const char *name, void (*body)(const char *), const char *child_name)
{
    pid_t child = fork();
    if (child < 0) {
        say("name=%s failed fork errno=%d", name, errno);
        _exit(1);
    }
    if (child == 0) {
        body(child_name);
        _exit(0);
    }
    return child;
}

static void member(const char *name)
{
    settle(name);
    wait_forever();
}

static void orphan_maker(const char *name)
{
    spawn(name, member, "orphan");
    _exit(0);
}

static void leader(const char *name)
{
    if (setpgid(0, 0) < 0) {
        say("name=%s failed setpgid errno=%d", name, errno);
        _exit(1);
    }
    settle(name);
    spawn(name, member, "grouped");
}

static void session(const char *name)
{
    if (setsid() < 0) {
        say("name=%s failed setsid errno=%d", name, errno);
        _exit(1);
    }
    settle(name);
    spawn(name, member, "sessioned");
    wait_forever();
}

static void leader_with_orphan(const char *name)
{
    leader(name);
    pid_t maker = spawn(name, orphan_maker, "orphan-maker");
    while (waitpid(maker, NULL, 0) < 0 && errno == EINTR)
        ;
    say("name=%s reaped=%d", name, maker);
    wait_forever();
}

static void leader_alone(const char *name)
{
    leader(name);
    wait_forever();
}

int main(int argc, char **argv)
{
    int with_orphan = argc > 1 && strcmp(argv[1], "orphan") == 0;
    if (setsid() < 0) {
        say("name=root failed setsid errno=%d", errno);
        return 1;
    }
    settle("root");
    spawn("root", member, "same");
    spawn("root", with_orphan ? leader_with_orphan : leader_alone, "leader");
    spawn("root", session, "session");
    wait_forever();
}
