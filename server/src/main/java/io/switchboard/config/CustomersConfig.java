package io.switchboard.config;

import java.util.Locale;

/**
 * Customers ({@code customers.*}); defaults and meaning in {@code switchboard-reference.conf}.
 *
 * @param defaultCountry ISO 3166 alpha-2 code (upper case) for tenants without their own
 * @param importBatchRows CSV rows written per transaction
 * @param importMaxBytes largest CSV file accepted, bytes
 */
public record CustomersConfig(String defaultCountry, int importBatchRows, long importMaxBytes) {
  public static final CustomersConfig DEFAULTS = new CustomersConfig("US", 500, 100L << 20);

  static CustomersConfig from(Settings s) {
    String country = s.string("customers.default-country").trim().toUpperCase(Locale.ROOT);
    if (!country.matches("[A-Z]{2}")) {
      throw new ConfigException("customers.default-country", "must be an ISO 3166 alpha-2 code such as US or ES, was '"
          + country + "'");
    }
    return new CustomersConfig(country, s.integer("customers.import-batch-rows", 1, 10_000),
        s.integer("customers.import-max-bytes", 1024, Integer.MAX_VALUE));
  }
}
