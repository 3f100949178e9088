package io.switchboard.acd;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks of the arguments of {@link Acd} calls, made before anything reaches Redis. Every refusal is an
 * {@link AcdException} with code {@code invalid-argument} whose message names the field.
 */
final class AcdArgs {
  static final String INVALID = "invalid-argument";

  private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  /** Printable ASCII without spaces and braces (braces would be read as a Redis Cluster hash tag). */
  private static final Pattern ID = Pattern.compile("[!-z|~]{1,256}");
  private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");
  private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  /** The directory's region label (agents', trunks'): it becomes part of Redis keys, so no spaces or braces. */
  private static final Pattern REGION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private AcdArgs() {}

  static String tenant(String tenant) {
    if (tenant == null || !TENANT.matcher(tenant).matches()) {
      throw invalid("tenant", "must be lower-case letters, digits and '-'");
    }
    return tenant;
  }

  static String id(String field, String value) {
    if (value == null || !ID.matcher(value).matches()) {
      throw invalid(field, "must be 1 to 256 printable characters without spaces or braces");
    }
    return value;
  }

  /** "" when absent (the script then takes the queue's priority). */
  static String priority(Integer priority) {
    if (priority == null) {
      return "";
    }
    if (priority < 0 || priority > 100) {
      throw invalid("priority", "must be from 0 to 100, was " + priority);
    }
    return priority.toString();
  }

  static Map<String, Integer> skills(Map<String, Integer> skills) {
    for (Map.Entry<String, Integer> e : skills.entrySet()) {
      id("skills", e.getKey());
      Integer level = e.getValue();
      if (level == null || level < 1 || level > 5) {
        throw invalid("skills." + e.getKey(), "must be a proficiency from 1 to 5, was " + level);
      }
    }
    return skills;
  }

  static String language(String language) {
    if (language == null) {
      return "";
    }
    if (!LANGUAGE.matcher(language).matches()) {
      throw invalid("language", "must be a language tag such as en or pt-BR");
    }
    return language;
  }

  static String text(String field, String value, int maxLength) {
    if (value == null) {
      return "";
    }
    if (value.length() > maxLength) {
      throw invalid(field, "must be at most " + maxLength + " characters");
    }
    return value;
  }

  /** "" when absent: a call without a region goes to agents of any region at once. */
  static String region(String region) {
    if (region == null || region.isEmpty()) {
      return "";
    }
    if (!REGION.matcher(region).matches()) {
      throw invalid("region", "must be 1 to 64 of A-Z a-z 0-9 . _ - (e.g. eu-west)");
    }
    return region;
  }

  static String optionalId(String field, String value) {
    return value == null || value.isEmpty() ? "" : id(field, value);
  }

  /**
   * Away reason: a code such as break, lunch, training; absent is "" (the ACD takes the tenant's first away reason,
   * {@code break} when the tenant lists none). Whether the tenant allows it is the ACD's check.
   */
  static String reason(String reason) {
    if (reason == null || reason.isEmpty()) {
      return "";
    }
    if (!CODE.matcher(reason).matches()) {
      throw invalid("reason", "must be a code of lower-case letters, digits, '.', '_' or '-' (at most 64)");
    }
    return reason;
  }

  static AcdException invalid(String field, String problem) {
    return new AcdException(INVALID, field + ": " + problem);
  }
}
