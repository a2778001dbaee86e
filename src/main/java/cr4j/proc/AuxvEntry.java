package cr4j.proc;

/** One (type, value) pair of the ELF auxiliary vector. */
public record AuxvEntry(long type, long value) {
}
