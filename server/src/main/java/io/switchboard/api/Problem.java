package io.switchboard.api;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}). {@code errors} names each bad field by its
 * JSON pointer-like path ({@code serviceLevel.seconds}, {@code skills.sales}) so a client or Terraform can
 * point at the right line.
 */
public final class Problem extends RuntimeException {
  public static final String CONTENT_TYPE = "application/problem+json";

  /** One bad field: {@code field} is a dotted path into the request body (or a query parameter name). */
  public record FieldError(String field, String message) {}

  private final int status;
  private final String title;
  private final List<FieldError> errors;

  public Problem(int status, String title, String detail, List<FieldError> errors) {
    super(detail, null, false, false);
    this.status = status;
    this.title = title;
    this.errors = List.copyOf(errors);
  }

  public static Problem badRequest(String detail) {
    return new Problem(400, "Bad Request", detail, List.of());
  }

  /** 422-free style: a validation failure is a 400 naming the field, as most admin APIs (and Terraform) expect. */
  public static Problem invalidField(String field, String message) {
    return new Problem(400, "Invalid field", field + ": " + message, List.of(new FieldError(field, message)));
  }

  public static Problem invalid(List<FieldError> errors) {
    String detail = errors.size() == 1
        ? errors.get(0).field() + ": " + errors.get(0).message()
        : errors.size() + " fields are invalid";
    return new Problem(400, "Invalid fields", detail, errors);
  }

  public static Problem notFound(String detail) {
    return new Problem(404, "Not Found", detail, List.of());
  }

  public static Problem conflict(String detail) {
    return new Problem(409, "Conflict", detail, List.of());
  }

  public static Problem preconditionFailed(String detail) {
    return new Problem(412, "Precondition Failed", detail, List.of());
  }

  public static Problem unauthorized(String detail) {
    return new Problem(401, "Unauthorized", detail, List.of());
  }

  public static Problem forbidden(String detail) {
    return new Problem(403, "Forbidden", detail, List.of());
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public List<FieldError> errors() {
    return errors;
  }

  public JsonObject toJson() {
    JsonObject o = new JsonObject()
        .put("type", "about:blank")
        .put("title", title)
        .put("status", status)
        .put("detail", getMessage());
    if (!errors.isEmpty()) {
      JsonArray arr = new JsonArray();
      errors.forEach(e -> arr.add(new JsonObject().put("field", e.field()).put("message", e.message())));
      o.put("errors", arr);
    }
    return o;
  }

  /** Writes this problem as the whole response. */
  public void send(HttpServerResponse response) {
    if (response.ended() || response.headWritten()) {
      return;
    }
    response.setStatusCode(status).putHeader("Content-Type", CONTENT_TYPE);
    if (status == 401) {
      response.putHeader("WWW-Authenticate", "Bearer");
    }
    response.end(toJson().encode());
  }
}
