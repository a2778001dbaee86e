/* Signal state a checkpoint must keep: handlers with their flags and masks, an ignored signal,
 * an alternate stack, a blocked mask, and signals left pending while blocked.
 *
 * Handlers (every one with SA_RESTART, so a read of stdin never fails with EINTR):
 *   SIGUSR2     sa_mask {SIGWINCH}                 prints "usr2 handled masked=M"
 *   SIGRTMIN+1  SA_SIGINFO, sa_mask {SIGURG}       prints "info value=V code=C masked=M"
 *   SIGHUP      SA_ONSTACK, sa_mask {SIGTERM}      prints "onstack inside=I masked=M"
 *   SIGUSR1, SIGRTMIN+2  SA_SIGINFO                prints "queued signo=S value=V code=C pid=P tid=T"
 *   SIGINT      ignored
 * P is si_pid and T the thread that ran the handler; M is 1 when both the handler's own signal and its sa_mask signal are blocked inside it; I is 1
 * when a local variable of the handler lies inside the sigaltstack area of the main thread.
 *
 * Main blocks SIGUSR1 and SIGRTMIN+2; a second thread blocks every signal. Before "ready", the
 * program queues SIGUSR1 with value 4242 to itself (process-wide, pending while blocked) and
 * SIGRTMIN+2 with value 4343 to the second thread (pending for that thread only).
 * Prints "ready pid=P thread=T rtmin=R" (T: the second thread's id; R: SIGRTMIN). Lines on stdin:
 *   mask      prints "mask usr1=B rt2=B winch=B urg=B term=B pending=B": which signals main
 *             blocks, and whether SIGUSR1 is pending for it
 *   unblock   main unblocks SIGUSR1, then the second thread unblocks SIGRTMIN+2 and prints
 *             "thread unblocked"
 *   count     prints "count usr1=N rt2=N": how often each queued signal was handled
 * End of input exits 0. */
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include "say.h"

#define ALTERNATE_STACK_SIZE (64 * 1024)

static char alternate_stack[ALTERNATE_STACK_SIZE];
static volatile sig_atomic_t usr1_handled;
static volatile sig_atomic_t rt2_handled;
static sem_t thread_started;
static sem_t thread_may_unblock;
static pid_t thread_id;

static int blocked_now(int own, int extra)
{
    sigset_t current;
    sigprocmask(SIG_BLOCK, NULL, &current);
    return sigismember(&current, own) == 1 && sigismember(&current, extra) == 1;
}

static void on_usr2(int signal_number)
{
    say("usr2 handled masked=%d", blocked_now(signal_number, SIGWINCH));
}

static void on_info(int signal_number, siginfo_t *info, void *context)
{
    (void)context;
    say("info value=%d code=%d masked=%d", info->si_value.sival_int, info->si_code,
        blocked_now(signal_number, SIGURG));
}

static void on_hup(int signal_number)
{
    volatile char here = 0;
    uintptr_t address = (uintptr_t)&here;
    uintptr_t base = (uintptr_t)alternate_stack;
    int inside = address >= base && address < base + ALTERNATE_STACK_SIZE;
    say("onstack inside=%d masked=%d", inside, blocked_now(signal_number, SIGTERM));
}

static void on_queued(int signal_number, siginfo_t *info, void *context)
{
    (void)context;
    if (signal_number == SIGUSR1)
        usr1_handled++;
    else
        rt2_handled++;
    say("queued signo=%d value=%d code=%d pid=%d tid=%d", signal_number, info->si_value.sival_int,
        info->si_code, info->si_pid, gettid());
}

static void handle(int signal_number, void (*handler)(int), int flags, int masked)
{
    struct sigaction action = { 0 };
    action.sa_handler = handler;
    action.sa_flags = SA_RESTART | flags;
    sigemptyset(&action.sa_mask);
    if (masked)
        sigaddset(&action.sa_mask, masked);
    sigaction(signal_number, &action, NULL);
}

static void handle_info(int signal_number, void (*handler)(int, siginfo_t *, void *), int masked)
{
    struct sigaction action = { 0 };
    action.sa_sigaction = handler;
    action.sa_flags = SA_RESTART | SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    if (masked)
        sigaddset(&action.sa_mask, masked);
    sigaction(signal_number, &action, NULL);
}

static void *hold_thread_signal(void *unused)
{
    (void)unused;
    thread_id = gettid();
    sem_post(&thread_started);
    while (sem_wait(&thread_may_unblock) != 0 && errno == EINTR)
        continue;
    sigset_t rt2;
    sigemptyset(&rt2);
    sigaddset(&rt2, SIGRTMIN + 2);
    pthread_sigmask(SIG_UNBLOCK, &rt2, NULL);
    say("thread unblocked");
    for (;;)
        pause();
    return NULL;
}

static void print_mask(void)
{
    sigset_t current, pending;
    sigprocmask(SIG_BLOCK, NULL, &current);
    sigpending(&pending);
    say("mask usr1=%d rt2=%d winch=%d urg=%d term=%d pending=%d", sigismember(&current, SIGUSR1),
        sigismember(&current, SIGRTMIN + 2), sigismember(&current, SIGWINCH),
        sigismember(&current, SIGURG), sigismember(&current, SIGTERM), sigismember(&pending, SIGUSR1));
}

static void unblock(void)
{
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigprocmask(SIG_UNBLOCK, &usr1, NULL);
    sem_post(&thread_may_unblock);
}

int main(void)
{
    stack_t alternate = { .ss_sp = alternate_stack, .ss_size = ALTERNATE_STACK_SIZE, .ss_flags = 0 };
    if (sigaltstack(&alternate, NULL) != 0) {
        say("sigaltstack failed errno=%d", errno);
        return 1;
    }
    handle(SIGUSR2, on_usr2, 0, SIGWINCH);
    handle_info(SIGRTMIN + 1, on_info, SIGURG);
    handle(SIGHUP, on_hup, SA_ONSTACK, SIGTERM);
    handle_info(SIGUSR1, on_queued, 0);
    handle_info(SIGRTMIN + 2, on_queued, 0);
    signal(SIGINT, SIG_IGN);
    sem_init(&thread_started, 0, 0);
    sem_init(&thread_may_unblock, 0, 0);

    /* The thread starts with every signal blocked, so process-wide signals can only reach main. */
    sigset_t all, main_blocks;
    sigfillset(&all);
    sigemptyset(&main_blocks);
    sigaddset(&main_blocks, SIGUSR1);
    sigaddset(&main_blocks, SIGRTMIN + 2);
    sigprocmask(SIG_SETMASK, &all, NULL);
    pthread_t thread;
    pthread_create(&thread, NULL, hold_thread_signal, NULL);
    sigprocmask(SIG_SETMASK, &main_blocks, NULL);
    while (sem_wait(&thread_started) != 0 && errno == EINTR)
        continue;

    union sigval usr1_value = { .sival_int = 4242 };
    union sigval rt2_value = { .sival_int = 4343 };
    if (sigqueue(getpid(), SIGUSR1, usr1_value) != 0 || pthread_sigqueue(thread, SIGRTMIN + 2, rt2_value) != 0) {
        say("queueing failed errno=%d", errno);
        return 1;
    }
    say("ready pid=%d thread=%d rtmin=%d", getpid(), thread_id, SIGRTMIN);

    char request[64];
    while (read_line(request, sizeof request) > 0) {
        if (strcmp(request, "mask") == 0)
            print_mask();
        else if (strcmp(request, "unblock") == 0)
            unblock();
        else if (strcmp(request, "count") == 0)
            say("count usr1=%d rt2=%d", (int)usr1_handled, (int)rt2_handled);
        else
            say("unknown request %s", request);
    }
    return 0;
}
