package io.switchboard.api;

import io.switchboard.customers.CsvImport;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A {@code text/csv} request body imported by a blocking importer: the body is streamed to a temporary file as it
 * arrives, with back-pressure (at most {@code maxBytes}: 413 beyond, before or while it arrives), then read as
 * UTF-8 on a worker thread, so neither the upload nor the import holds the file in memory. Answers 200 with the
 * importer's result; a bad header (or a file that is not UTF-8 before its first row) is a 400 naming it, with
 * nothing imported. The temporary file is deleted in every case. Stateless; one instance per kind of import.
 *
 * @param maxSetting the setting that bounds the size, named in the 413
 * @param problems the importer's failures as the problems the client gets
 */
record CsvUpload(long maxBytes, String maxSetting, Function<Throwable, Throwable> problems) {

  /** Blocking: imports the file {@code in} reads. */
  @FunctionalInterface
  interface Importer<T> {
    T run(BufferedReader in) throws Exception;
  }

  <T> void accept(RoutingContext rc, Importer<T> importer, Function<T, JsonObject> answer) {
    HttpServerRequest req = rc.request();
    String type = req.getHeader("Content-Type");
    String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!media.equals("text/csv")) {
      throw new Problem(415, "Unsupported Media Type", "the body must be text/csv (UTF-8), not "
          + (type == null ? "missing" : "'" + type + "'"), List.of());
    }
    String length = req.getHeader("Content-Length");
    if (length != null && length.matches("[0-9]{1,18}") && Long.parseLong(length) > maxBytes) {
      throw tooLarge();
    }
    req.pause(); // until the file is open: nothing may arrive before a handler is there to write it
    FileSystem fs = rc.vertx().fileSystem();
    fs.createTempFile("switchboard-import", ".csv")
        .compose(path -> fs.open(path, new OpenOptions().setWrite(true).setTruncateExisting(true))
            .onFailure(e -> fs.delete(path))
            .onSuccess(file -> spool(rc, req, file, Path.of(path), importer, answer)))
        .onFailure(rc::fail);
  }

  /** Writes the body to {@code file} with back-pressure, counting bytes; then imports it. */
  private <T> void spool(RoutingContext rc, HttpServerRequest req, AsyncFile file, Path path, Importer<T> importer,
      Function<T, JsonObject> answer) {
    long[] received = {0};
    boolean[] over = {false};
    req.exceptionHandler(e -> file.close().onComplete(v -> deleteQuietly(path)));
    req.handler(buf -> {
      if (over[0]) {
        return;
      }
      received[0] += buf.length();
      if (received[0] > maxBytes) {
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
          .compose(closed -> rc.vertx().executeBlocking(() -> read(path, importer), false))
          .onComplete(ar -> deleteQuietly(path))
          .onSuccess(result -> DirectoryResource.json(rc, 200, answer.apply(result)))
          .onFailure(e -> rc.fail(e instanceof CsvImport.BadHeader b ? badHeader(b) : problems.apply(e)));
    });
    req.resume();
  }

  /** Blocking: the import of the spooled file. */
  private static <T> T read(Path path, Importer<T> importer) throws Exception {
    var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(path), decoder), 1 << 16)) {
      return importer.run(in);
    } catch (java.io.UncheckedIOException | java.nio.charset.CharacterCodingException e) {
      // before the first row: the header itself is unreadable
      throw new CsvImport.BadHeader("the file is not valid UTF-8 CSV: " + e.getMessage());
    }
  }

  static Problem badHeader(CsvImport.BadHeader e) {
    return new Problem(400, "Bad CSV header", "the import was refused, nothing was imported: " + e.getMessage(),
        List.of(new Problem.FieldError("header", e.getMessage())));
  }

  private Problem tooLarge() {
    return new Problem(413, "Content Too Large", "the CSV file is larger than " + maxSetting, List.of());
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (java.io.IOException ignored) {
      // a temporary file: the OS cleans its temp directory
    }
  }
}
