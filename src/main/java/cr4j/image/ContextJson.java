package cr4j.image;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import cr4j.image.proto.Thread;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A context as JSON for tools ({@code cr_info --json}), produced by walking the schema: every field
 * of context.proto appears under its .proto name, with its default when unset; absent messages are
 * omitted. 64-bit unsigned values are plain numbers, enums their names, bytes base64, and
 * {@code Thread.regs} an object of named registers.
 */
public final class ContextJson {

    private final StringBuilder out = new StringBuilder();

    private ContextJson() {
    }

    public static String of(ContextImage image) {
        ContextJson json = new ContextJson();
        json.image(image);
        return json.out.append('\n').toString();
    }

    private void image(ContextImage image) {
        ContextHeader header = image.header();
        out.append("{\"file\":");
        string(image.name());
        out.append(",\"header\":{\"format\":\"").append(header.major()).append('.').append(header.minor())
                .append("\",\"arch\":").append(header.arch())
                .append(",\"page_size\":").append(header.pageSize())
                .append(",\"kernel_release\":");
        string(header.kernelRelease());
        out.append("},\"checkpoint\":");
        message(image.checkpoint());
        out.append(",\"processes\":[");
        List<ProcessImage> processes = image.processes();
        for (int i = 0; i < processes.size(); i++) {
            out.append(i == 0 ? "" : ",");
            message(processes.get(i).process());
        }
        out.append("],\"trailer\":");
        message(image.trailer());
        out.append('}');
    }

    private void message(Message message) {
        out.append('{');
        boolean first = true;
        for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
            if (!field.isRepeated() && field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                    && !message.hasField(field)) {
                continue;
            }
            out.append(first ? "" : ",");
            first = false;
            string(field.getName());
            out.append(':');
            if (field.isRepeated()) {
                repeated(message, field);
            } else {
                value(field, message.getField(field));
            }
        }
        out.append('}');
    }

    private void repeated(Message message, FieldDescriptor field) {
        out.append('[');
        for (int i = 0; i < message.getRepeatedFieldCount(field); i++) {
            out.append(i == 0 ? "" : ",");
            value(field, message.getRepeatedField(field, i));
        }
        out.append(']');
    }

    private void value(FieldDescriptor field, Object value) {
        switch (field.getJavaType()) {
            case INT -> out.append(isUnsigned(field) ? Integer.toUnsignedString((Integer) value) : value);
            case LONG -> out.append(isUnsigned(field) ? Long.toUnsignedString((Long) value) : value);
            case FLOAT, DOUBLE -> out.append(Double.isFinite(((Number) value).doubleValue()) ? value : "null");
            case BOOLEAN -> out.append(value);
            case STRING -> string((String) value);
            case ENUM -> string(((EnumValueDescriptor) value).getName());
            case MESSAGE -> message((Message) value);
            case BYTE_STRING -> bytes(field, (ByteString) value);
        }
    }

    private static boolean isUnsigned(FieldDescriptor field) {
        return switch (field.getType()) {
            case UINT32, FIXED32, UINT64, FIXED64 -> true;
            default -> false;
        };
    }

    private void bytes(FieldDescriptor field, ByteString value) {
        Map<String, Long> registers = field.getContainingType() == Thread.getDescriptor()
                && field.getNumber() == Thread.REGS_FIELD_NUMBER ? UserRegs.decode(value) : Map.of();
        if (registers.isEmpty()) {
            string(Base64.getEncoder().encodeToString(value.toByteArray()));
            return;
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Long> register : registers.entrySet()) {
            out.append(first ? "" : ",");
            first = false;
            string(register.getKey());
            out.append(':').append(Long.toUnsignedString(register.getValue()));
        }
        out.append('}');
    }

    private void string(String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
