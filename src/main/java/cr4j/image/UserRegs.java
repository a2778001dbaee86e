package cr4j.image;

import com.google.protobuf.ByteString;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The x86_64 {@code struct user_regs_struct} (sys/user.h) that {@code Thread.regs} holds. */
final class UserRegs {

    static final List<String> NAMES = List.of(
            "r15", "r14", "r13", "r12", "rbp", "rbx", "r11", "r10", "r9", "r8",
            "rax", "rcx", "rdx", "rsi", "rdi", "orig_rax", "rip", "cs", "eflags", "rsp", "ss",
            "fs_base", "gs_base", "ds", "es", "fs", "gs");
    static final int SIZE = NAMES.size() * Long.BYTES;

    private UserRegs() {
    }

    /** Register name to value in struct order, or an empty map when {@code regs} is not a whole struct. */
    static Map<String, Long> decode(ByteString regs) {
        Map<String, Long> values = new LinkedHashMap<>();
        if (regs.size() != SIZE) {
            return values;
        }
        var buffer = regs.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        for (String name : NAMES) {
            values.put(name, buffer.getLong());
        }
        return values;
    }
}
