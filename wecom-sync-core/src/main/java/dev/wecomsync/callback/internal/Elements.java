package dev.wecomsync.callback.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Typed access to the child elements of one XML element read by {@link SafeXml}. Absent elements
 * give empty results; an element that occurs more than once counts as its first occurrence.
 */
final class Elements {
    private final JsonNode node;

    Elements(JsonNode node) {
        this.node = node;
    }

    /** The element's text exactly as sent; empty when absent or when it has child elements. */
    Optional<String> text(String name) {
        JsonNode child = first(node.get(name));
        if (child == null || !child.isValueNode()) return Optional.empty();
        return Optional.of(child.asText());
    }

    /** The element's text without surrounding whitespace, for ids and numbers. */
    Optional<String> trimmed(String name) {
        return text(name).map(String::strip);
    }

    String textOrEmpty(String name) {
        return trimmed(name).orElse("");
    }

    /** Present only when the element is there and its text is a whole number. */
    OptionalLong longValue(String name) {
        Optional<String> text = trimmed(name);
        if (text.isEmpty()) return OptionalLong.empty();
        try {
            return OptionalLong.of(Long.parseLong(text.get()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    OptionalInt intValue(String name) {
        OptionalLong value = longValue(name);
        if (value.isEmpty() || value.getAsLong() != (int) value.getAsLong()) return OptionalInt.empty();
        return OptionalInt.of((int) value.getAsLong());
    }

    /** A required whole number; {@code what} names the element in the exception message. */
    long requiredLong(String name, String what) throws MalformedMessageException {
        OptionalLong value = longValue(name);
        if (value.isEmpty()) throw new MalformedMessageException(what + " lacks a numeric " + name);
        return value.getAsLong();
    }

    /** A required non-blank text. */
    String requiredText(String name, String what) throws MalformedMessageException {
        Optional<String> value = trimmed(name);
        if (value.isEmpty() || value.get().isEmpty()) {
            throw new MalformedMessageException(what + " lacks " + name);
        }
        return value.get();
    }

    /**
     * A comma-separated list such as {@code "1,2,3"}: blank items are skipped; present but empty
     * when the element is empty; absent when the element is absent or an item does not convert.
     */
    <T> Optional<List<T>> list(String name, Function<String, T> convert) {
        Optional<String> text = text(name);
        if (text.isEmpty()) return Optional.empty();
        List<T> items = new ArrayList<>();
        for (String item : text.get().split(",", -1)) {
            String trimmed = item.strip();
            if (trimmed.isEmpty()) continue;
            try {
                T value = convert.apply(trimmed);
                if (value == null) return Optional.empty();
                items.add(value);
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
        return Optional.of(List.copyOf(items));
    }

    Optional<Elements> child(String name) {
        JsonNode child = first(node.get(name));
        return child != null && child.isObject() ? Optional.of(new Elements(child)) : Optional.empty();
    }

    /** Every occurrence of a repeated child element that has children of its own. */
    List<Elements> children(String name) {
        JsonNode child = node.get(name);
        if (child == null) return List.of();
        List<Elements> result = new ArrayList<>();
        if (child.isArray()) {
            for (JsonNode item : child) {
                if (item.isObject()) result.add(new Elements(item));
            }
        } else if (child.isObject()) {
            result.add(new Elements(child));
        }
        return result;
    }

    boolean has(String name) {
        return node.has(name);
    }

    static Boolean flag(String item) {
        return switch (item) {
            case "1" -> Boolean.TRUE;
            case "0" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static JsonNode first(JsonNode node) {
        if (node != null && node.isArray()) return node.isEmpty() ? null : node.get(0);
        return node;
    }
}
