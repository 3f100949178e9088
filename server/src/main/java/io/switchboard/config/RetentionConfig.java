package io.switchboard.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long the store of record keeps a tenant's interactions, agent legs and events ({@code records.retention-*},
 * {@code records.purge-*}); defaults and meaning in {@code switchboard-reference.conf}.
 *
 * @param defaultDays days kept for a tenant without an override
 * @param byTenant per-tenant overrides, tenant id to days
 * @param purgeInterval pause between two runs of the purge job
 * @param purgeBatch rows deleted per transaction (keeps each lock short)
 */
public record RetentionConfig(int defaultDays, Map<String, Integer> byTenant, Duration purgeInterval, int purgeBatch) {
  static final int MAX_DAYS = 36_500;

  public RetentionConfig {
    byTenant = Map.copyOf(byTenant);
  }

  /** Days kept for {@code tenant}. */
  public int days(String tenant) {
    return byTenant.getOrDefault(tenant, defaultDays);
  }

  static RetentionConfig from(Settings s) {
    return new RetentionConfig(s.integer("records.retention-days", 1, MAX_DAYS),
        overrides(s.string("records.retention-days-by-tenant")),
        Duration.ofMillis(s.integer("records.purge-interval-ms", 1000, 86_400_000)),
        s.integer("records.purge-batch-size", 1, 1_000_000));
  }

  /** "acme=30, globex=3650" → {acme=30, globex=3650}. */
  private static Map<String, Integer> overrides(String raw) {
    Map<String, Integer> out = new LinkedHashMap<>();
    if (raw == null || raw.isBlank()) {
      return out;
    }
    for (String part : raw.split(",")) {
      String p = part.trim();
      int eq = p.indexOf('=');
      int days;
      try {
        days = eq < 1 ? -1 : Integer.parseInt(p.substring(eq + 1).trim());
      } catch (NumberFormatException e) {
        days = -1;
      }
      if (days < 1 || days > MAX_DAYS) {
        throw new ConfigException("records.retention-days-by-tenant",
            "'" + p + "' must be tenant=days with days from 1 to " + MAX_DAYS);
      }
      out.put(p.substring(0, eq).trim(), days);
    }
    return out;
  }
}
