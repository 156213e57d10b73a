package dev.wecomsync.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wecomsync.client.WeComIoException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The client's Jackson setup: lenient about what WeCom adds, strict about what it must send. */
public final class Json {

    /** Ignores unknown fields; WeCom adds fields over time. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY, true);

    private Json() {
    }

    /** Reads a response body; a body that is not a JSON object fails with {@link WeComIoException}. */
    static JsonNode parse(String api, int httpStatus, String body) {
        if (body == null || body.isBlank()) {
            throw new WeComIoException(api, httpStatus, api + ": empty response body (HTTP " + httpStatus + ")", null);
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new WeComIoException(api, httpStatus,
                    api + ": response is not JSON (HTTP " + httpStatus + ", " + body.length() + " chars)", e);
        }
        if (node == null || !node.isObject()) {
            throw new WeComIoException(api, httpStatus, api + ": response is not a JSON object (HTTP " + httpStatus + ")", null);
        }
        return node;
    }

    /**
     * Maps each element of the array {@code node} (missing or null: none) to a DTO and then to a
     * model record. A DTO or record that cannot be built fails with {@link WeComIoException}.
     */
    static <D, R> List<R> mapArray(String api, JsonNode node, Class<D> dtoType, Function<D, R> toModel) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw malformed(api, "expected an array, got " + node.getNodeType(), null);
        }
        List<R> result = new ArrayList<>(node.size());
        for (JsonNode element : node) {
            result.add(map(api, element, dtoType, toModel));
        }
        return result;
    }

    /** Maps the object {@code node} to a DTO and then to a model record. */
    static <D, R> R map(String api, JsonNode node, Class<D> dtoType, Function<D, R> toModel) {
        if (node == null || !node.isObject()) {
            throw malformed(api, "expected an object, got " + (node == null ? "nothing" : node.getNodeType()), null);
        }
        try {
            JavaType type = MAPPER.constructType(dtoType);
            D dto = MAPPER.convertValue(node, type);
            return toModel.apply(dto);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw malformed(api, e.getMessage(), e);
        }
    }

    /** A text field, with {@code ""} and JSON null read as absent ({@code null}). */
    static String text(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull() || node.isContainerNode()) {
            return null;
        }
        return emptyToNull(node.asText());
    }

    static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static WeComIoException malformed(String api, String detail, Throwable cause) {
        return new WeComIoException(api, 200, api + ": unexpected response shape: " + detail, cause);
    }
}
