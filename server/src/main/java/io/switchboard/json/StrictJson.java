package io.switchboard.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Collectors;

/**
 * Strict JSON for everything a client sends (REST bodies, WebSocket messages): a duplicate key, an
 * unknown property, trailing garbage or a wrong type is an error that names the field, never a silent
 * last-one-wins. Thread-safe.
 */
public final class StrictJson {
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      // "5" is not a number and 5 is not a string: no silent scalar coercion in either direction.
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .withCoercionConfig(LogicalType.Textual, c -> c
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
      .build();

  private StrictJson() {}

  /** A body that is not acceptable JSON; {@code field} is the dotted path of the culprit, or null. */
  public static final class JsonError extends RuntimeException {
    private final String field;

    public JsonError(String field, String message) {
      super(message, null, false, false);
      this.field = field;
    }

    public String field() {
      return field;
    }
  }

  /** Parses a JSON object; anything else (array, scalar, malformed, duplicate key) is a {@link JsonError}. */
  public static ObjectNode parseObject(String text) {
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw translate(e);
    }
    if (node == null || !node.isObject()) {
      throw new JsonError(null, "body must be a JSON object");
    }
    return (ObjectNode) node;
  }

  /** Binds {@code text} to {@code type} strictly. */
  public static <T> T parse(String text, Class<T> type) {
    try {
      return MAPPER.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw translate(e);
    }
  }

  /** Binds an already parsed tree to {@code type} strictly. */
  public static <T> T bind(JsonNode node, Class<T> type) {
    try {
      return MAPPER.treeToValue(node, type);
    } catch (JsonProcessingException e) {
      throw translate(e);
    } catch (IllegalArgumentException e) {
      throw e.getCause() instanceof JsonProcessingException jpe ? translate(jpe) : new JsonError(null, e.getMessage());
    }
  }

  static JsonError translate(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      String path = path(u);
      return new JsonError(path, "unknown field '" + u.getPropertyName() + "'");
    }
    if (e instanceof InvalidFormatException f) {
      return new JsonError(path(f), "has the wrong type or format (value " + f.getValue() + ")");
    }
    if (e instanceof MismatchedInputException m) {
      String path = path(m);
      return new JsonError(path, path == null ? "does not have the expected shape" : "has the wrong type");
    }
    if (e instanceof JsonParseException p) {
      String msg = p.getOriginalMessage();
      if (msg != null && msg.startsWith("Duplicate field")) {
        String name = msg.replaceAll("^Duplicate field '([^']*)'.*$", "$1");
        return new JsonError(name, "duplicate field '" + name + "'");
      }
      long line = p.getLocation() == null ? -1 : p.getLocation().getLineNr();
      long col = p.getLocation() == null ? -1 : p.getLocation().getColumnNr();
      return new JsonError(null, "malformed JSON at line " + line + ", column " + col + ": " + msg);
    }
    return new JsonError(null, "malformed JSON: " + e.getOriginalMessage());
  }

  private static String path(MismatchedInputException e) {
    if (e.getPath() == null || e.getPath().isEmpty()) {
      return null;
    }
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
        .collect(Collectors.joining("."));
  }
}
