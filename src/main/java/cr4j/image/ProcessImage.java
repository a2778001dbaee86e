package cr4j.image;

import cr4j.image.proto.Process;
import java.util.List;

/** One process of a context file with its page blocks, in the order of its mappings' page runs. */
public record ProcessImage(Process process, List<PageBlock> pages) {

    public ProcessImage {
        pages = List.copyOf(pages);
    }
}
