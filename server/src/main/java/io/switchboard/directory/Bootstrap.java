package io.switchboard.directory;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.directory.DirectoryException.Reason;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First start of a node: creates the bootstrap tenant, its user {@code admin} and (when configured) the
 * demo data. Runs again on every start and changes nothing once it has completed for the tenant.
 *
 * <p>"Completed" is a flag written last ({@code sb:{t}:tenant} field {@code bootstrapped}), and every object
 * is created only when absent: a first start that died half-way finishes on the next start, and a restart
 * never resets anything an operator changed (passwords, deleted demo agents, ...).
 *
 * <p>A generated admin password is printed once to {@code out} (standard output), never to the log.
 */
public final class Bootstrap {
  private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);
  static final String ADMIN = "admin";

  private final Directory directory;
  private final SwitchboardConfig config;
  private final PrintStream out;

  public Bootstrap(Directory directory, SwitchboardConfig config, PrintStream out) {
    this.directory = directory;
    this.config = config;
    this.out = out;
  }

  public Future<Void> run() {
    String tenant = config.bootstrapTenant();
    return directory.bootstrapped(tenant).compose(done -> {
      if (done) {
        log.info("bootstrap skipped tenant={} reason=already-bootstrapped", tenant);
        return Future.succeededFuture();
      }
      return directory.createTenant(tenant)
          .compose(x -> createAdmin(tenant))
          .compose(x -> config.demoData() ? loadDemo(tenant) : Future.succeededFuture())
          .compose(x -> directory.markBootstrapped(tenant))
          .onSuccess(x -> log.info("bootstrap done tenant={} demoData={}", tenant, config.demoData()));
    });
  }

  private Future<Void> createAdmin(String tenant) {
    boolean generated = config.bootstrapAdminPassword().isEmpty();
    String password = config.bootstrapAdminPassword().orElseGet(Bootstrap::randomPassword);
    JsonObject admin = new JsonObject()
        .put("username", ADMIN).put("displayName", "Administrator")
        .put("roles", new JsonArray().add("admin").add("supervisor"))
        .put("password", password);
    return createIfAbsent(tenant, Kind.AGENT, ADMIN, admin).map(created -> {
      if (created && generated) {
        out.println("Switchboard: tenant '" + tenant + "', user 'admin', generated password: " + password);
        out.println("Switchboard: this password is shown only once; change it after logging in.");
        out.flush();
      }
      return null;
    });
  }

  private Future<Void> loadDemo(String tenant) {
    Future<Void> chain = Future.succeededFuture();
    for (DemoData.Item item : DemoData.items(config.demoPassword(), config.sipAdvertisedAddress())) {
      chain = chain.compose(x -> createIfAbsent(tenant, item.kind(), item.id(), item.body()).mapEmpty());
    }
    return chain;
  }

  /** Completes with true when this call created the object, false when it already existed. */
  private Future<Boolean> createIfAbsent(String tenant, Kind kind, String id, JsonObject body) {
    return directory.create(tenant, kind, id, body).map(w -> true).recover(e ->
        e instanceof DirectoryException d && d.reason() == Reason.ALREADY_EXISTS
            ? Future.succeededFuture(false)
            : Future.failedFuture(e));
  }

  static String randomPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
