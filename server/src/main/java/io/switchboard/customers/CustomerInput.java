package io.switchboard.customers;

import io.switchboard.phone.PhoneNumbers;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates what a client writes as a customer (a JSON body, or a CSV row through {@link CsvRows}) and builds
 * {@link CustomerFields}. Every bad value is reported, each naming its field; nothing is silently dropped or coerced
 * except what is stated: texts are trimmed, a number is normalised to E.164, a language tag is canonicalised
 * ({@code es-es} → {@code es-ES}), repeated numbers and e-mails are kept once. Thread-safe, no I/O.
 */
public final class CustomerInput {
  public static final int MAX_TEXT = 200;
  public static final int MAX_PHONES = 10;
  public static final int MAX_EMAILS = 10;
  public static final int MAX_ATTRIBUTES = 50;
  public static final int MAX_ATTRIBUTE_VALUE = 1000;
  /** The fields a client writes; anything else in a body is refused by name. */
  static final Set<String> FIELDS = Set.of("displayName", "givenName", "familyName", "phones", "emails", "company",
      "language", "timeZone", "attributes");
  /** Fields the server writes: accepted in a PUT body (a GET read back and written) and ignored. */
  static final Set<String> SERVER_FIELDS = Set.of("id", "version", "createdAt", "updatedAt");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
  private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}");
  private static final Pattern ATTRIBUTE_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private CustomerInput() {}

  /**
   * A customer from a JSON body.
   *
   * @param defaultCountry the tenant's default country (ISO 3166 alpha-2) numbers without a country code are read in
   * @throws CustomerException (INVALID) naming every bad field
   */
  public static CustomerFields fromJson(JsonObject body, String defaultCountry) {
    List<Violation> bad = new ArrayList<>();
    for (String key : body.fieldNames()) {
      if (!FIELDS.contains(key) && !SERVER_FIELDS.contains(key)) {
        bad.add(new Violation(key, "is not a customer field (" + String.join(", ", sorted(FIELDS)) + ")"));
      }
    }
    String given = optionalText(body, "givenName", bad);
    String family = optionalText(body, "familyName", bad);
    String display = optionalText(body, "displayName", bad);
    if (display == null && bad.stream().noneMatch(v -> v.field().equals("displayName"))) {
      String joined = String.join(" ", java.util.stream.Stream.of(given, family)
          .filter(java.util.Objects::nonNull).toList());
      if (joined.isEmpty()) {
        bad.add(new Violation("displayName", "is required (or givenName / familyName)"));
      } else {
        display = joined.length() > MAX_TEXT ? joined.substring(0, MAX_TEXT) : joined;
      }
    }
    List<String> phones = new ArrayList<>();
    List<String> rawPhones = strings(body, "phones", MAX_PHONES, bad);
    if (rawPhones != null) {
      for (int i = 0; i < rawPhones.size(); i++) {
        if (rawPhones.get(i) == null) {
          continue; // not a string: reported
        }
        try {
          phones.add(PhoneNumbers.e164(rawPhones.get(i), defaultCountry, PhoneNumbers.Rule.POSSIBLE));
        } catch (PhoneNumbers.InvalidNumber e) {
          bad.add(new Violation("phones." + i, "'" + clip(rawPhones.get(i)) + "' " + e.getMessage()));
        }
      }
      if (rawPhones.isEmpty()) {
        bad.add(new Violation("phones", "needs at least one number"));
      }
    } else if (body.getValue("phones") == null) {
      bad.add(new Violation("phones", "is required: an array of one or more numbers"));
    }
    List<String> emails = new ArrayList<>();
    List<String> rawEmails = strings(body, "emails", MAX_EMAILS, bad);
    if (rawEmails != null) {
      for (int i = 0; i < rawEmails.size(); i++) {
        if (rawEmails.get(i) == null) {
          continue; // not a string: reported
        }
        String error = emailError(rawEmails.get(i));
        if (error != null) {
          bad.add(new Violation("emails." + i, error));
        } else {
          emails.add(rawEmails.get(i).trim());
        }
      }
    }
    String company = optionalText(body, "company", bad);
    String language = optionalText(body, "language", bad);
    if (language != null) {
      String error = languageError(language);
      if (error != null) {
        bad.add(new Violation("language", error));
      }
    }
    String zone = optionalText(body, "timeZone", bad);
    if (zone != null && timeZoneError(zone) != null) {
      bad.add(new Violation("timeZone", timeZoneError(zone)));
    }
    Map<String, String> attributes = attributes(body, bad);
    if (!bad.isEmpty()) {
      throw CustomerException.invalid(bad);
    }
    return new CustomerFields(display, given, family, distinct(phones), distinctIgnoreCase(emails), company,
        language == null ? null : canonicalLanguage(language), zone, attributes);
  }

  /** Why {@code value} is not an e-mail address, or null when it is one. */
  public static String emailError(String value) {
    String v = value == null ? "" : value.trim();
    if (v.isEmpty()) {
      return "is empty";
    }
    if (v.length() > 254 || !EMAIL.matcher(v).matches()) {
      return "'" + clip(v) + "' is not an e-mail address (name@example.com)";
    }
    return null;
  }

  /** Why {@code value} is not a BCP 47 language tag (en, es-ES), or null when it is one. */
  public static String languageError(String value) {
    if (!LANGUAGE.matcher(value).matches() || Locale.forLanguageTag(value).getLanguage().isEmpty()) {
      return "'" + clip(value) + "' is not a language tag such as en or es-ES";
    }
    return null;
  }

  /** {@code es-es} → {@code es-ES}. */
  public static String canonicalLanguage(String value) {
    return Locale.forLanguageTag(value).toLanguageTag();
  }

  /** Why {@code value} is not an IANA time zone (Europe/Madrid, America/New_York, UTC), or null when it is one. */
  public static String timeZoneError(String value) {
    if (!ZoneId.getAvailableZoneIds().contains(value)) {
      return "'" + clip(value) + "' is not an IANA time zone such as Europe/Madrid";
    }
    return null;
  }

  /** Why {@code key} cannot name a custom attribute, or null when it can. */
  public static String attributeKeyError(String key) {
    if (!ATTRIBUTE_KEY.matcher(key).matches()) {
      return "attribute names are 1 to 64 of A-Z a-z 0-9 _ . - starting with a letter or digit";
    }
    return null;
  }

  /** Why {@code value} cannot be a text field, or null when it can (after trimming). */
  public static String textError(String value) {
    if (value.length() > MAX_TEXT) {
      return "is longer than " + MAX_TEXT + " characters";
    }
    return null;
  }

  private static String optionalText(JsonObject body, String key, List<Violation> bad) {
    Object v = body.getValue(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      bad.add(new Violation(key, "must be a string"));
      return null;
    }
    String t = s.trim();
    if (t.isEmpty()) {
      return null;
    }
    String error = textError(t);
    if (error != null) {
      bad.add(new Violation(key, error));
      return null;
    }
    return t;
  }

  /**
   * The array of strings at {@code key}, index for index (null where an entry is not a string, reported); null when
   * absent (or not an array, reported).
   */
  private static List<String> strings(JsonObject body, String key, int max, List<Violation> bad) {
    Object v = body.getValue(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof JsonArray a)) {
      bad.add(new Violation(key, "must be an array of strings"));
      return null;
    }
    if (a.size() > max) {
      bad.add(new Violation(key, "has more than " + max + " entries"));
      return null;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      if (!(a.getValue(i) instanceof String s)) {
        bad.add(new Violation(key + "." + i, "must be a string"));
        out.add(null);
        continue;
      }
      out.add(s);
    }
    return out;
  }

  private static Map<String, String> attributes(JsonObject body, List<Violation> bad) {
    Map<String, String> out = new LinkedHashMap<>();
    Object v = body.getValue("attributes");
    if (v == null) {
      return out;
    }
    if (!(v instanceof JsonObject o)) {
      bad.add(new Violation("attributes", "must be an object of strings"));
      return out;
    }
    if (o.size() > MAX_ATTRIBUTES) {
      bad.add(new Violation("attributes", "has more than " + MAX_ATTRIBUTES + " entries"));
      return out;
    }
    for (String key : o.fieldNames()) {
      String keyError = attributeKeyError(key);
      if (keyError != null) {
        bad.add(new Violation("attributes." + key, keyError));
        continue;
      }
      Object value = o.getValue(key);
      if (!(value instanceof String s)) {
        bad.add(new Violation("attributes." + key, "must be a string"));
      } else if (s.length() > MAX_ATTRIBUTE_VALUE) {
        bad.add(new Violation("attributes." + key, "is longer than " + MAX_ATTRIBUTE_VALUE + " characters"));
      } else {
        out.put(key, s);
      }
    }
    return out;
  }

  static List<String> distinct(List<String> values) {
    return List.copyOf(new LinkedHashSet<>(values));
  }

  static List<String> distinctIgnoreCase(List<String> values) {
    Map<String, String> seen = new LinkedHashMap<>();
    for (String v : values) {
      seen.putIfAbsent(v.toLowerCase(Locale.ROOT), v);
    }
    return List.copyOf(seen.values());
  }

  static String clip(String v) {
    return v.length() > 40 ? v.substring(0, 40) + "…" : v;
  }

  private static List<String> sorted(Set<String> s) {
    return s.stream().sorted().toList();
  }
}
