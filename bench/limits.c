/* The machine's limits that bound checkpoint and restart, measured for SIZE bytes.
   Usage: limits memcpy SIZE REPS          copy between two touched buffers
          limits fresh SIZE REPS           copy into newly mapped memory, as a restore must
          limits write SIZE FILE REPS      write a new FILE with large write() calls (page cache)
          limits fsync SIZE FILE REPS      the same, then fsync(), so it reaches the disk
   Prints one time in seconds per repetition; FILE is deleted after each one. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (64 << 20)

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static char *filled(size_t size)
{
    uint64_t *buffer = malloc(size);
    uint64_t state = 0x2545f4914f6cdd1dULL;

    if (buffer == NULL) {
        perror("limits: malloc");
        exit(1);
    }
    for (size_t i = 0; i < size / sizeof *buffer; i++) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        buffer[i] = state;
    }
    return (char *)buffer;
}

static double copy_once(char *to, const char *from, size_t size)
{
    double start = now();

    memcpy(to, from, size);
    return now() - start;
}

static double copy_fresh_once(const char *from, size_t size)
{
    double start = now();
    char *to = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (to == MAP_FAILED) {
        perror("limits: mmap");
        exit(1);
    }
    memcpy(to, from, size);
    double elapsed = now() - start;
    munmap(to, size);
    return elapsed;
}

static double write_once(const char *path, const char *data, size_t size, int sync)
{
    double start = now();
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);

    if (fd < 0) {
        perror(path);
        exit(1);
    }
    for (size_t done = 0; done < size;) {
        size_t length = size - done < CHUNK ? size - done : CHUNK;
        ssize_t written = write(fd, data + done % CHUNK, length);

        if (written <= 0) {
            perror(path);
            exit(1);
        }
        done += written;
    }
    if (sync && fsync(fd) != 0) {
        perror(path);
        exit(1);
    }
    close(fd);
    double elapsed = now() - start;
    unlink(path);
    return elapsed;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: limits memcpy|fresh SIZE REPS | limits write|fsync SIZE FILE REPS\n");
        return 2;
    }
    size_t size = strtoull(argv[2], NULL, 10);
    if (strcmp(argv[1], "memcpy") == 0) {
        char *from = filled(size), *to = filled(size);

        for (int rep = atoi(argv[3]); rep > 0; rep--)
            printf("%.6f\n", copy_once(to, from, size));
        return 0;
    }
    if (strcmp(argv[1], "fresh") == 0) {
        char *from = filled(size);

        for (int rep = atoi(argv[3]); rep > 0; rep--)
            printf("%.6f\n", copy_fresh_once(from, size));
        return 0;
    }
    if (argc < 5)
        return 2;
    char *data = filled(size < CHUNK ? size : CHUNK);
    int sync = strcmp(argv[1], "fsync") == 0;
    for (int rep = atoi(argv[4]); rep > 0; rep--) {
        printf("%.6f\n", write_once(argv[3], data, size, sync));
        fflush(stdout);
    }
    return 0;
}
