package cr4j.image;

/** The type field of a record; the numbers are part of the file format. */
public enum RecordType {
    PADDING(0),
    CHECKPOINT(1),
    PROCESS(2),
    PAGES(3),
    TRAILER(15);

    private final int code;

    RecordType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type with this code, or null for a code this reader does not know. */
    static RecordType of(int code) {
        for (RecordType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return null;
    }
}
