/**
 * The context file (DESIGN.md section 4): {@link cr4j.image.ContextWriter} writes it front to back
 * (a file or a pipe), {@link cr4j.image.ContextTarget} decides where and how it replaces an older
 * one, {@link cr4j.image.ContextImage} maps and checks it before anything is restored, and
 * {@link cr4j.image.ContextSummary} / {@link cr4j.image.ContextJson} describe it.
 *
 * <p>One file: an 88-byte header (magic {@code CR4JCTX\0}, format 1.0, ELF machine 62, page size
 * 4096, kernel release, CRC32C), then records {@code [u32 type][u32 0][u64 length][payload][u32
 * CRC32C of type..payload]}, little endian. CHECKPOINT first, then each process's PROCESS record
 * followed by one PAGES record per page run of its mappings, then the TRAILER with the counts of
 * what precedes it. Metadata payloads are context.proto messages; PAGES payloads are raw pages
 * starting on a 4096-byte boundary of the file (PADDING records fill the gaps). Metadata checksums
 * are checked when the file is opened, page checksums on every copy.
 */
package cr4j.image;
