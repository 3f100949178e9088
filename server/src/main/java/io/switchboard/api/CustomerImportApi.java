package io.switchboard.api;

import io.switchboard.config.CustomersConfig;
import io.switchboard.customers.CsvImport;
import io.switchboard.customers.CustomerStore;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/v1/customers/import}: a {@code text/csv} body ({@link CsvImport} says which columns, {@link
 * CsvUpload} how it is received, at most customers.import-max-bytes) imported in batches of
 * customers.import-batch-rows, each its own transaction. Answers 200 with the counts and the rejected rows (line,
 * column, reason).
 */
final class CustomerImportApi {
  static final String PATH = CustomersApi.BASE + "/import";

  private final CustomerStore store;
  private final CustomersConfig config;
  private final CsvUpload upload;

  CustomerImportApi(CustomerStore store, CustomersConfig config) {
    this.store = store;
    this.config = config;
    this.upload = new CsvUpload(config.importMaxBytes(), "customers.import-max-bytes", CustomerJson::problem);
  }

  void mount(Router router, Handler<RoutingContext> guard) {
    router.post(PATH).handler(guard).handler(this::upload);
  }

  private void upload(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    upload.accept(rc, in -> {
      String country = CustomersApi.country(store.settings(tenant), config);
      return new CsvImport(country, config.importBatchRows()).run(in, rows -> store.importBatch(tenant, rows));
    }, CustomerJson::imported);
  }
}
