package io.switchboard.api;

import io.switchboard.json.StrictJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** Reads a request body as one strict JSON object (after the BodyHandler buffered it, within its size limit). */
final class JsonBodies {
  private JsonBodies() {}

  /**
   * The body as a JSON object. 415 unless the content type is application/json (or a {@code +json} type);
   * 400 for a body that is not valid UTF-8, and naming the field for a duplicate key, a syntax error or a body
   * that is not an object.
   */
  static JsonObject object(RoutingContext rc) {
    String type = rc.request().getHeader("Content-Type");
    String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!media.equals("application/json") && !(media.startsWith("application/") && media.endsWith("+json"))) {
      throw new Problem(415, "Unsupported Media Type",
          "the body must be application/json, not " + (type == null ? "missing" : "'" + type + "'"), List.of());
    }
    String text = utf8(rc.body() == null ? null : rc.body().buffer());
    if (text == null || text.isBlank()) {
      throw Problem.badRequest("a JSON object body is required");
    }
    StrictJson.parseObject(text); // duplicate keys, trailing garbage, non-objects: JsonError naming the field
    return new JsonObject(text);
  }

  /**
   * The body decoded as strict UTF-8 (RFC 8259 requires it), or null when there is none. A lenient decode would
   * store U+FFFD for every bad byte, silently changing names and passwords; instead: 400 naming the offset.
   */
  static String utf8(Buffer body) {
    if (body == null) {
      return null;
    }
    ByteBuffer bytes = ByteBuffer.wrap(body.getBytes());
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes).toString();
    } catch (MalformedInputException e) {
      throw Problem.badRequest("the body is not valid UTF-8 (bad byte at offset " + bytes.position() + ")");
    } catch (CharacterCodingException e) {
      throw Problem.badRequest("the body is not valid UTF-8");
    }
  }

  /**
   * The text field {@code key} of a body, trimmed; null when absent or blank unless {@code required}. 400 naming
   * the field for a non-string, or more than {@code max} characters, or control characters.
   */
  static String text(JsonObject body, String key, int max, boolean required) {
    Object v = body.getValue(key);
    if (v == null || v instanceof String s && s.isBlank()) {
      if (required) {
        throw Problem.invalidField(key, "is required");
      }
      return null;
    }
    if (!(v instanceof String s)) {
      throw Problem.invalidField(key, "must be a string");
    }
    String t = s.trim();
    if (t.length() > max || t.chars().anyMatch(Character::isISOControl)) {
      throw Problem.invalidField(key, "must be at most " + max + " characters, without control characters");
    }
    return t;
  }
}
