package io.switchboard.api;

import io.switchboard.json.StrictJson;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;

/** Reads a request body as one strict JSON object (after the BodyHandler buffered it, within its size limit). */
final class JsonBodies {
  private JsonBodies() {}

  /**
   * The body as a JSON object. 415 unless the content type is application/json (or a {@code +json} type);
   * 400 naming the field for a duplicate key, a syntax error or a body that is not an object.
   */
  static JsonObject object(RoutingContext rc) {
    String type = rc.request().getHeader("Content-Type");
    String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!media.equals("application/json") && !(media.startsWith("application/") && media.endsWith("+json"))) {
      throw new Problem(415, "Unsupported Media Type",
          "the body must be application/json, not " + (type == null ? "missing" : "'" + type + "'"), List.of());
    }
    String text = rc.body() == null ? null : rc.body().asString();
    if (text == null || text.isBlank()) {
      throw Problem.badRequest("a JSON object body is required");
    }
    StrictJson.parseObject(text); // duplicate keys, trailing garbage, non-objects: JsonError naming the field
    return new JsonObject(text);
  }
}
