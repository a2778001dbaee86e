import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Java program for checkpoint tests: worker threads count in heap objects, the main thread
 * churns the heap (so the GC runs) and prints "tick N c1 c2 c3 c4" every 100 ms.
 */
public class Counting {
    public static void main(String[] args) throws Exception {
        List<AtomicLong> counters = new ArrayList<>();
        ExecutorService workers = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4; i++) {
            AtomicLong counter = new AtomicLong();
            counters.add(counter);
            workers.submit(() -> {
                while (true) {
                    counter.incrementAndGet();
                    Thread.sleep(5);
                }
            });
        }
        List<String> garbage = new ArrayList<>();
        for (long tick = 1; ; tick++) {
            garbage.clear();
            for (int k = 0; k < 20_000; k++) {
                garbage.add("object " + tick + "/" + k);
            }
            StringBuilder line = new StringBuilder("tick ").append(tick);
            counters.forEach(c -> line.append(' ').append(c.get()));
            System.out.println(line);
            Thread.sleep(100);
        }
    }
}
