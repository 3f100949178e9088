package io.switchboard.api;

import io.switchboard.config.CustomersConfig;
import io.switchboard.customers.CsvImport;
import io.switchboard.customers.CustomerStore;
import io.vertx.core.Handler;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code POST /api/v1/customers/import}: a {@code text/csv} body ({@link CsvImport} says which columns) imported in
 * batches of customers.import-batch-rows, each its own transaction. The body is streamed to a temporary file as it
 * arrives (at most customers.import-max-bytes: 413 beyond), then read row by row on a worker thread, so neither the
 * upload nor the import holds the file in memory. Answers 200 with the counts and the rejected rows (line, column,
 * reason); a bad header is a 400 naming it, with nothing imported. The temporary file is deleted in every case.
 */
final class CustomerImportApi {
  static final String PATH = CustomersApi.BASE + "/import";

  private final CustomerStore store;
  private final CustomersConfig config;

  CustomerImportApi(CustomerStore store, CustomersConfig config) {
    this.store = store;
    this.config = config;
  }

  void mount(Router router, Handler<RoutingContext> guard) {
    router.post(PATH).handler(guard).handler(this::upload);
  }

  private void upload(RoutingContext rc) {
    HttpServerRequest req = rc.request();
    String type = req.getHeader("Content-Type");
    String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!media.equals("text/csv")) {
      throw new Problem(415, "Unsupported Media Type", "the body must be text/csv (UTF-8), not "
          + (type == null ? "missing" : "'" + type + "'"), List.of());
    }
    String length = req.getHeader("Content-Length");
    if (length != null && length.matches("[0-9]{1,18}") && Long.parseLong(length) > config.importMaxBytes()) {
      throw tooLarge();
    }
    String tenant = Principals.of(rc).tenant();
    req.pause(); // until the file is open: nothing may arrive before a handler is there to write it
    FileSystem fs = rc.vertx().fileSystem();
    fs.createTempFile("switchboard-import", ".csv")
        .compose(path -> fs.open(path, new OpenOptions().setWrite(true).setTruncateExisting(true))
            .onFailure(e -> fs.delete(path))
            .onSuccess(file -> spool(rc, req, file, Path.of(path), tenant)))
        .onFailure(rc::fail);
  }

  /** Writes the body to {@code file} with back-pressure, counting bytes; then imports it. */
  private void spool(RoutingContext rc, HttpServerRequest req, AsyncFile file, Path path, String tenant) {
    long[] received = {0};
    boolean[] over = {false};
    req.exceptionHandler(e -> file.close().onComplete(v -> deleteQuietly(path)));
    req.handler(buf -> {
      if (over[0]) {
        return;
      }
      received[0] += buf.length();
      if (received[0] > config.importMaxBytes()) {
        over[0] = true;
        file.close().onComplete(v -> deleteQuietly(path));
        rc.fail(tooLarge());
        return;
      }
      file.write(buf);
      if (file.writeQueueFull()) {
        req.pause();
        file.drainHandler(v -> req.resume());
      }
    });
    req.endHandler(v -> {
      if (over[0]) {
        return;
      }
      file.close()
          .compose(closed -> rc.vertx().executeBlocking(() -> run(path, tenant), false))
          .onComplete(ar -> deleteQuietly(path))
          .onSuccess(result -> DirectoryResource.json(rc, 200, CustomerJson.imported(result)))
          .onFailure(e -> rc.fail(e instanceof CsvImport.BadHeader b ? CustomerJson.badHeader(b)
              : CustomerJson.problem(e)));
    });
    req.resume();
  }

  /** Blocking: the import of the spooled file. */
  private CsvImport.Result run(Path path, String tenant) throws Exception {
    String country = CustomersApi.country(store.settings(tenant), config);
    var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(path), decoder), 1 << 16)) {
      return new CsvImport(country, config.importBatchRows()).run(in, rows -> store.importBatch(tenant, rows));
    } catch (java.io.UncheckedIOException | java.nio.charset.CharacterCodingException e) {
      // before the first row: the header itself is unreadable
      throw new CsvImport.BadHeader("the file is not valid UTF-8 CSV: " + e.getMessage());
    }
  }

  private static Problem tooLarge() {
    return new Problem(413, "Content Too Large", "the CSV file is larger than customers.import-max-bytes", List.of());
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (java.io.IOException ignored) {
      // a temporary file: the OS cleans its temp directory
    }
  }
}
