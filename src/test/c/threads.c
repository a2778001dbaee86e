/* Threads for checkpoint and restart: eight that keep counting and the named waiters, each
 * blocked in its own kind of call until the test releases it.
 *
 *   threads SLEEP_MS [mutex|condvar|join|sleep|pipe]...
 *
 * Every thread first prints what it is with its kernel thread id, then counts or waits:
 *   "worker I tid=T"        counts every 2 ms in a global slot, a __thread variable and on its
 *                           stack, with a floating-point loop between steps; prints
 *                           "mismatch worker I ..." once if they ever disagree
 *   "mutex waiting tid=T"   pthread_mutex_lock on a mutex main holds
 *   "condvar waiting tid=T" pthread_cond_wait until main opens the gate
 *   "joinee waiting tid=T"  sem_wait until main posts; then prints "joinee ends tid=T"
 *   "join waiting tid=T"    pthread_join of the joinee, a thread it starts
 *   "sleep waiting tid=T"   one nanosleep of SLEEP_MS
 *   "pipe waiting tid=T"    read(2) of a pipe main writes to (made only for this waiter)
 * A waiting thread prints "NAME passed tid=T" (the sleep adds eintr=E, the pipe got=TEXT) as
 * soon as its call returns. Main prints "ready pid=P tid=T tasks=N" when all N-1 other threads
 * have announced themselves.
 * Lines on stdin:
 *   report    every worker prints "worker I gen=G tid=T count=C" on its next step
 *   release   unlock the mutex, open the gate, post the joinee, write the pipe; prints "released"
 * End of input exits 0. */
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "say.h"

#define WORKERS 8

static long counts[WORKERS];
static __thread long thread_count;
static __thread int thread_index = -1;
static atomic_long generation;
static volatile long float_rounds = 20000;

static sem_t announced;
static pthread_mutex_t held = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate = PTHREAD_COND_INITIALIZER;
static int gate_open;
static sem_t joinee_go;
static int internal_pipe[2] = { -1, -1 };
static struct timespec sleep_length;

static void announce(const char *what)
{
    say("%s tid=%d", what, gettid());
    sem_post(&announced);
}

static int step_agrees(int index, volatile long *stack_count, pid_t tid)
{
    counts[index]++;
    thread_count++;
    (*stack_count)++;
    long rounds = float_rounds;
    double sum = 0;
    for (long i = 0; i < rounds; i++)
        sum += 0.5;
    return sum == rounds * 0.5 && counts[index] == thread_count && *stack_count == thread_count
           && thread_index == index && gettid() == tid;
}

static void *work(void *argument)
{
    int index = (int)(intptr_t)argument;
    thread_index = index;
    pid_t tid = gettid();
    volatile long stack_count = 0;
    long reported = 0;
    int mismatched = 0;
    const struct timespec period = { 0, 2 * 1000 * 1000 };
    char name[32];
    snprintf(name, sizeof name, "worker %d", index);
    announce(name);
    for (;;) {
        int agrees = step_agrees(index, &stack_count, tid);
        if (!agrees && !mismatched) {
            mismatched = 1;
            say("mismatch worker %d global=%ld thread=%ld stack=%ld index=%d tid=%d was=%d", index,
                counts[index], thread_count, stack_count, thread_index, gettid(), tid);
        }
        long wanted = atomic_load(&generation);
        if (wanted != reported) {
            reported = wanted;
            say("worker %d gen=%ld tid=%d count=%ld", index, wanted, gettid(), thread_count);
        }
        nanosleep(&period, NULL);
    }
    return NULL;
}

static void *wait_for_mutex(void *unused)
{
    (void)unused;
    announce("mutex waiting");
    pthread_mutex_lock(&held);
    say("mutex passed tid=%d", gettid());
    pthread_mutex_unlock(&held);
    return NULL;
}

static void *wait_for_condition(void *unused)
{
    (void)unused;
    pthread_mutex_lock(&gate_lock);
    announce("condvar waiting");
    while (!gate_open)
        pthread_cond_wait(&gate, &gate_lock);
    pthread_mutex_unlock(&gate_lock);
    say("condvar passed tid=%d", gettid());
    return NULL;
}

static void *be_joined(void *unused)
{
    (void)unused;
    announce("joinee waiting");
    while (sem_wait(&joinee_go) != 0 && errno == EINTR)
        continue;
    say("joinee ends tid=%d", gettid());
    return NULL;
}

static void *wait_for_join(void *unused)
{
    (void)unused;
    pthread_t joinee;
    pthread_create(&joinee, NULL, be_joined, NULL);
    announce("join waiting");
    int error = pthread_join(joinee, NULL);
    say("join passed tid=%d error=%d", gettid(), error);
    return NULL;
}

static void *wait_for_sleep(void *unused)
{
    (void)unused;
    announce("sleep waiting");
    int eintr = nanosleep(&sleep_length, NULL) != 0 && errno == EINTR;
    say("sleep passed tid=%d eintr=%d", gettid(), eintr);
    return NULL;
}

static void *wait_for_pipe(void *unused)
{
    (void)unused;
    char got[16];
    announce("pipe waiting");
    ssize_t length = read(internal_pipe[0], got, sizeof got);
    if (length < 0)
        say("pipe failed tid=%d errno=%d", gettid(), errno);
    else
        say("pipe passed tid=%d got=%.*s", gettid(), (int)length, got);
    return NULL;
}

static void release(void)
{
    pthread_mutex_unlock(&held);
    pthread_mutex_lock(&gate_lock);
    gate_open = 1;
    pthread_cond_broadcast(&gate);
    pthread_mutex_unlock(&gate_lock);
    sem_post(&joinee_go);
    if (internal_pipe[1] >= 0 && write(internal_pipe[1], "go", 2) != 2)
        say("pipe write failed errno=%d", errno);
    say("released");
}

static const struct waiter {
    const char *name;
    void *(*wait)(void *);
    int tasks;
} WAITERS[] = {
    { "mutex", wait_for_mutex, 1 },
    { "condvar", wait_for_condition, 1 },
    { "join", wait_for_join, 2 },
    { "sleep", wait_for_sleep, 1 },
    { "pipe", wait_for_pipe, 1 },
};

/* Starts the waiter named NAME; returns how many threads announce themselves, 0 for no such waiter. */
static int start_waiter(const char *name)
{
    for (unsigned i = 0; i < sizeof WAITERS / sizeof WAITERS[0]; i++) {
        if (strcmp(WAITERS[i].name, name) == 0) {
            if (WAITERS[i].wait == wait_for_pipe && pipe(internal_pipe) != 0) {
                say("pipe failed errno=%d", errno);
                exit(1);
            }
            pthread_t thread;
            pthread_create(&thread, NULL, WAITERS[i].wait, NULL);
            return WAITERS[i].tasks;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        say_to(2, "usage: threads SLEEP_MS [mutex|condvar|join|sleep|pipe]...");
        return 2;
    }
    long sleep_ms = atol(argv[1]);
    sleep_length.tv_sec = sleep_ms / 1000;
    sleep_length.tv_nsec = (sleep_ms % 1000) * 1000000L;
    sem_init(&announced, 0, 0);
    sem_init(&joinee_go, 0, 0);
    pthread_mutex_lock(&held);

    int threads = WORKERS;
    for (int i = 0; i < WORKERS; i++) {
        pthread_t thread;
        pthread_create(&thread, NULL, work, (void *)(intptr_t)i);
    }
    for (int i = 2; i < argc; i++) {
        int started = start_waiter(argv[i]);
        if (started == 0) {
            say_to(2, "unknown waiter %s", argv[i]);
            return 2;
        }
        threads += started;
    }
    for (int i = 0; i < threads; i++)
        while (sem_wait(&announced) != 0 && errno == EINTR)
            continue;
    say("ready pid=%d tid=%d tasks=%d", getpid(), gettid(), 1 + threads);

    char request[64];
    while (read_line(request, sizeof request) > 0) {
        if (strcmp(request, "report") == 0)
            atomic_fetch_add(&generation, 1);
        else if (strcmp(request, "release") == 0)
            release();
        else
            say("unknown request %s", request);
    }
    return 0;
}
