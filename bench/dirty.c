/* The process the benchmark checkpoints: SIZE bytes of incompressible private memory.
   Usage: dirty [SIZE]   (bytes; K, M and G suffixes; default 1G)
   Prints "ready" once the memory is filled, then answers "ok" to each byte read from stdin;
   exits 0 on end of file or 'q'. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static uint64_t parse_size(const char *text)
{
    char *end;
    uint64_t size = strtoull(text, &end, 10);

    switch (*end) {
    case 'G': case 'g': return size << 30;
    case 'M': case 'm': return size << 20;
    case 'K': case 'k': return size << 10;
    default: return size;
    }
}

int main(int argc, char **argv)
{
    uint64_t size = argc > 1 ? parse_size(argv[1]) : 1ULL << 30;
    uint64_t *memory = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    uint64_t state = 0x9e3779b97f4a7c15ULL;
    char byte;

    if (memory == MAP_FAILED) {
        perror("dirty: mmap");
        return 1;
    }
    /* xorshift64: fast, and its output does not compress. */
    for (uint64_t i = 0; i < size / sizeof *memory; i++) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        memory[i] = state;
    }
    if (write(1, "ready\n", 6) != 6)
        return 1;
    while (read(0, &byte, 1) == 1 && byte != 'q') {
        if (write(1, "ok\n", 3) != 3)
            return 1;
    }
    return 0;
}
