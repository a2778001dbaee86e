/*
 * A process with known /proc contents, for the cr4j.proc tests. argv[1] is a directory for its
 * files. It prints "child PID" then "ready", and waits to be killed.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#define PAGE 4096
#define ANON_ADDR ((char *) 0x100000000000UL)
#define FILE_ADDR ((char *) 0x100000100000UL)
#define DELETED_ADDR ((char *) 0x100000200000UL)

static void fail(const char *what) {
    perror(what);
    exit(1);
}

static int create(const char *dir, const char *name, int flags, size_t bytes) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, flags | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) fail(path);
    char *data = malloc(bytes);
    memset(data, 'a', bytes);
    if (write(fd, data, bytes) != (ssize_t) bytes) fail("write");
    free(data);
    return fd;
}

static void *mapAt(char *at, size_t length, int prot, int flags, int fd) {
    char *got = mmap(at, length, prot, flags | MAP_FIXED_NOREPLACE, fd, 0);
    if (got != at) fail("mmap");
    return got;
}

static void *idle(void *unused) {
    (void) unused;
    for (;;) pause();
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 2) return 2;
    const char *dir = argv[1];
    umask(027);
    if (prctl(PR_SET_NAME, "cr4j t) (x") != 0) fail("PR_SET_NAME");

    /* 16 anonymous pages: 0, 1 and 2 touched before the fork (so shared with the child), 5 after. */
    char *anon = mapAt(ANON_ADDR, 16 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1);
    anon[0] = anon[PAGE] = anon[2 * PAGE] = 1;

    /* A private file mapping: all 4 pages read, page 2 written (copied on write). */
    int fd = create(dir, "mapped data file", O_RDWR, 4 * PAGE);
    char *file = mapAt(FILE_ADDR, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd);
    volatile char sum = 0;
    for (int i = 0; i < 4; i++) sum += file[i * PAGE];
    file[2 * PAGE] = 'b';
    close(fd);

    /* A file mapped shared and kept open as fd 13, then unlinked. */
    char gone[4096];
    snprintf(gone, sizeof gone, "%s/gone", dir);
    fd = create(dir, "gone", O_RDWR, PAGE);
    mapAt(DELETED_ADDR, PAGE, PROT_READ, MAP_SHARED, fd);
    if (dup2(fd, 13) != 13) fail("dup2");
    close(fd);
    if (unlink(gone) != 0) fail("unlink");

    /* An append-mode log at offset 123 as fd 10. */
    fd = create(dir, "log", O_WRONLY | O_APPEND, 123);
    if (dup2(fd, 10) != 10) fail("dup2");
    close(fd);

    /* A pipe: read end 11, close-on-exec write end 12. */
    int ends[2];
    if (pipe(ends) != 0) fail("pipe");
    if (dup2(ends[0], 11) != 11 || dup3(ends[1], 12, O_CLOEXEC) != 12) fail("dup");
    close(ends[0]);
    close(ends[1]);

    pid_t parent = getpid();
    pid_t child = fork();
    if (child < 0) fail("fork");
    if (child == 0) {
        /* Dies with the parent, so killing the parent leaves nothing behind. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(0);
        for (;;) pause();
    }

    anon[5 * PAGE] = 1;

    pthread_t thread;
    if (pthread_create(&thread, NULL, idle, NULL) != 0) fail("pthread_create");

    printf("child %d\nready\n", (int) child);
    fflush(stdout);
    for (;;) pause();
}
