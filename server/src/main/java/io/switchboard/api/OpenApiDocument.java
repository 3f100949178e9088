package io.switchboard.api;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves the hand-maintained OpenAPI 3.1 document ({@code /openapi.json} on the classpath) at
 * {@value #PATH}, without authentication. {@code OpenApiDocumentTest} fails when a mounted route is missing.
 */
final class OpenApiDocument implements Handler<RoutingContext> {
  static final String PATH = AdminApi.PREFIX + "/openapi.json";
  static final String RESOURCE = "/openapi.json";

  private final Buffer document = Buffer.buffer(load());

  static byte[] load() {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + RESOURCE);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void handle(RoutingContext rc) {
    rc.response().putHeader("Content-Type", "application/json").end(document);
  }
}
