package io.switchboard.api;

import io.switchboard.auth.AuthException;
import io.switchboard.directory.DirectoryException;
import io.switchboard.json.StrictJson;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure under {@code /api/v1} into an {@code application/problem+json} response: our own
 * exceptions keep their status and field names, bare status failures (413 from the body handler, ...) get a
 * title, anything else is a 500 whose details stay in the log.
 */
final class ApiFailures {
  private static final Logger log = LoggerFactory.getLogger(ApiFailures.class);

  private ApiFailures() {}

  static void handle(RoutingContext rc) {
    if (BadFraming.is(rc.failure())) {
      BadFraming.answer(rc);
      return;
    }
    if (BadFraming.gone(rc.failure())) {
      return; // the client's connection closed mid-request: nothing to answer, nothing wrong on our side
    }
    toProblem(rc.failure(), rc.statusCode(), rc).send(rc.response());
  }

  static Problem toProblem(Throwable failure, int status, RoutingContext rc) {
    if (failure instanceof Problem p) {
      return p;
    }
    if (failure instanceof DirectoryException d) {
      return fromDirectory(d);
    }
    if (failure instanceof StrictJson.JsonError j) {
      return j.field() == null ? Problem.badRequest(j.getMessage()) : Problem.invalidField(j.field(), j.getMessage());
    }
    if (failure instanceof AuthException a) {
      return a.status() == 401 ? Problem.unauthorized(a.getMessage()) : Problem.forbidden(a.getMessage());
    }
    if (failure == null && status >= 400 && status < 500) {
      return byStatus(status);
    }
    log.error("request failed method={} path={} status={}", rc.request().method(), rc.normalizedPath(), status, failure);
    return new Problem(500, "Internal Server Error", "the request failed; see the server log", List.of());
  }

  static Problem fromDirectory(DirectoryException d) {
    return switch (d.reason()) {
      case INVALID -> Problem.invalid(d.violations().stream()
          .map(v -> new Problem.FieldError(v.field(), v.message())).toList());
      case NOT_FOUND -> Problem.notFound(d.getMessage());
      case ALREADY_EXISTS, REFERENCED -> Problem.conflict(d.getMessage());
      case USERNAME_TAKEN -> new Problem(409, "Conflict", d.getMessage(), d.violations().stream()
          .map(v -> new Problem.FieldError(v.field(), v.message())).toList());
      case VERSION_MISMATCH -> Problem.preconditionFailed(d.getMessage());
    };
  }

  static Problem byStatus(int status) {
    return switch (status) {
      case 400 -> Problem.badRequest("the request is malformed");
      case 401 -> Problem.unauthorized("a bearer token is required");
      case 403 -> Problem.forbidden("not allowed");
      case 404 -> Problem.notFound("no such resource");
      case 405 -> new Problem(405, "Method Not Allowed", "this method is not allowed here", List.of());
      case 413 -> new Problem(413, "Content Too Large", "the request body is too large", List.of());
      case 415 -> new Problem(415, "Unsupported Media Type", "the body must be application/json", List.of());
      default -> new Problem(status, "Client Error", "the request was refused", List.of());
    };
  }
}
