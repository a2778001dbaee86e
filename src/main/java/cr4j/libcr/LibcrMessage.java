package cr4j.libcr;

import cr4j.sys.Errno;
import cr4j.sys.ErrnoException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One datagram of the callback protocol (doc/libcr-protocol.md, "Messages"): a 24-byte header
 * and an optional path. What a process sends is untrusted: a wrong magic, version or size is
 * refused, never guessed at.
 */
public record LibcrMessage(Type type, int a, int b, int c, int d, String path) {
    private static final int MAGIC = 0x4A345243, VERSION = 1, HEADER = 24, MAX_PATH = 4096;

    public enum Type {
        REQUEST(1), READY(2), OMIT(3), TEMP_FAILURE(4), PERM_FAILURE(5), FORWARD(6), FORWARD_REPLY(7),
        CONTINUE(10), RESTARTED(11), CANCELLED(12), OMITTED(13);

        private final int code;

        Type(int code) {
            this.code = code;
        }
    }

    public static LibcrMessage of(Type type, int a) {
        return new LibcrMessage(type, a, 0, 0, 0, "");
    }

    public byte[] encode() {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(HEADER + Math.min(name.length, MAX_PATH)).order(ByteOrder.nativeOrder());
        b.putInt(MAGIC).putShort((short) VERSION).putShort((short) type.code).putInt(a).putInt(this.b).putInt(c).putInt(d);
        b.put(name, 0, Math.min(name.length, MAX_PATH));
        return b.array();
    }

    /** The message in DATAGRAM, which process PID sent. */
    public static LibcrMessage decode(byte[] datagram, int pid) throws ErrnoException {
        ByteBuffer b = ByteBuffer.wrap(datagram).order(ByteOrder.nativeOrder());
        if (datagram.length < HEADER || datagram.length > HEADER + MAX_PATH || b.getInt() != MAGIC
                || b.getShort() != VERSION) {
            throw new ErrnoException(Errno.EPROTO, "process " + pid + " sent a message that is not libcr's");
        }
        int code = b.getShort();
        for (Type t : Type.values()) {
            if (t.code == code) {
                return new LibcrMessage(t, b.getInt(), b.getInt(), b.getInt(), b.getInt(),
                        new String(datagram, HEADER, datagram.length - HEADER, StandardCharsets.UTF_8));
            }
        }
        throw new ErrnoException(Errno.EPROTO, "process " + pid + " sent an unknown libcr message " + code);
    }
}
