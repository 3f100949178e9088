package io.switchboard.customers;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tenant's link into an outside CRM, e.g. {@code https://crm.example.com/search?phone={number}&id={customerId}}.
 * Placeholders: {@code {number}} (the caller's number, E.164), {@code {customerId}} (empty for an unknown caller),
 * {@code {callId}}. Valid templates are {@code https://} URLs with a fixed host (no placeholder before the path) and
 * only known placeholders; values are percent-encoded (UTF-8, a space is {@code %20}). Immutable, thread-safe.
 */
public final class CrmTemplate {
  public static final int MAX_LENGTH = 2000;
  static final java.util.List<String> PLACEHOLDERS = java.util.List.of("number", "customerId", "callId");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

  private final String template;

  private CrmTemplate(String template) {
    this.template = template;
  }

  /** Why {@code template} is not a valid CRM link template, or null when it is one. */
  public static String error(String template) {
    if (template.length() > MAX_LENGTH) {
      return "is longer than " + MAX_LENGTH + " characters";
    }
    if (!template.regionMatches(true, 0, "https://", 0, 8)) {
      return "must start with https://";
    }
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      if (!PLACEHOLDERS.contains(m.group(1))) {
        return "'{" + m.group(1) + "}' is not a placeholder (use {number}, {customerId}, {callId})";
      }
    }
    String rest = PLACEHOLDER.matcher(template).replaceAll("");
    if (rest.indexOf('{') >= 0 || rest.indexOf('}') >= 0) {
      return "has an unmatched { or }";
    }
    int hostEnd = indexOfAny(template, 8, "/?#");
    String authority = template.substring(8, hostEnd < 0 ? template.length() : hostEnd);
    if (authority.isEmpty() || authority.contains("{") || authority.contains("@")) {
      return "must name a fixed host (no placeholder or user before the path)";
    }
    try {
      URI uri = new URI(render(template, Map.of("number", "1", "customerId", "x", "callId", "x")));
      if (uri.getHost() == null) {
        return "must name a host";
      }
    } catch (URISyntaxException e) {
      return "is not a URL: " + e.getReason();
    }
    return null;
  }

  /** A valid template; {@link IllegalArgumentException} with {@link #error}'s reason otherwise. */
  public static CrmTemplate of(String template) {
    String error = error(template);
    if (error != null) {
      throw new IllegalArgumentException(error);
    }
    return new CrmTemplate(template);
  }

  /** The link for one caller: each placeholder replaced by its percent-encoded value (absent: empty). */
  public String link(String number, String customerId, String callId) {
    java.util.Map<String, String> values = new java.util.HashMap<>();
    values.put("number", number == null ? "" : number);
    values.put("customerId", customerId == null ? "" : customerId);
    values.put("callId", callId == null ? "" : callId);
    return render(template, values);
  }

  public String template() {
    return template;
  }

  private static String render(String template, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = values.getOrDefault(m.group(1), "");
      m.appendReplacement(out, Matcher.quoteReplacement(
          URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20")));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static int indexOfAny(String s, int from, String chars) {
    for (int i = from; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }
}
