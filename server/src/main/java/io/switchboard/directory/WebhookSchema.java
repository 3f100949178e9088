package io.switchboard.directory;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Webhooks: where a tenant's events are POSTed. Stored document, in this order: {@code id, name, description, url,
 * events, enabled}.
 *
 * <p>{@code secret} is the signing key in the Standard Webhooks form, {@code whsec_} then base64 of 24 to 64 random
 * bytes. Like a trunk's digest password it is write-only and stored retrievable apart from the document (the node
 * signs with it): {@link Schema.Secret}, {@code sb:{t}:webhook-secret:<id>}. A write without {@code secret} keeps
 * the stored one; a new webhook needs one.
 *
 * <p>{@code url} must be an absolute http(s) URL without credentials or fragment. Whether the node may call it
 * (https only, no loopback or private address, unless {@code webhooks.allow-insecure}) is decided when it sends,
 * so that a refusal shows on the delivery with its reason.
 */
final class WebhookSchema implements Schema {
  static final int URL_MAX = 2048;
  static final Pattern SECRET = Pattern.compile("whsec_[A-Za-z0-9+/]+={0,2}");
  static final String SECRET_RULE = "must be whsec_ followed by the base64 of 24 to 64 random bytes "
      + "(e.g. whsec_$(openssl rand -base64 32))";

  @Override
  public Normalized normalize(String id, Fields in) {
    String name = in.string("name", true, Rules.NAME_MAX, null, null);
    String description = in.string("description", false, Rules.DESCRIPTION_MAX, null, null);
    String url = url(in);
    List<String> events = in.strings("events", WebhookEvents.TYPES.size() + 1, 64, null, null);
    if (in.raw("events") == null || (events.isEmpty() && in.noErrorUnder("events"))) {
      in.error("events", "must list at least one event type, or \"*\" for all");
    }
    for (String e : events) {
      if (!e.equals(WebhookEvents.ALL) && !WebhookEvents.TYPES.contains(e)) {
        in.error("events", "unknown event type '" + e + "': one of " + String.join(", ", WebhookEvents.TYPES)
            + ", or \"*\"");
      }
    }
    boolean enabled = in.bool("enabled", true);
    Secret secret = secret(in, true);
    JsonObject doc = new JsonObject()
        .put("id", id)
        .put("name", name)
        .put("description", description)
        .put("url", url)
        .put("events", new JsonArray(new ArrayList<>(events)))
        .put("enabled", enabled);
    return new Normalized(id, doc, List.of(), null, null, secret);
  }

  private static String url(Fields in) {
    String s = in.string("url", true, URL_MAX, null, null);
    if (s == null) {
      return null;
    }
    String problem = urlProblem(s);
    if (problem != null) {
      in.error("url", problem);
      return null;
    }
    return s;
  }

  /** Null when {@code s} is an absolute http(s) URL with a host, no credentials and no fragment. */
  static String urlProblem(String s) {
    URI u;
    try {
      u = new URI(s);
    } catch (URISyntaxException e) {
      return "is not a URL: " + e.getReason();
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      return "must be an https:// (or http://) URL";
    }
    if (u.getHost() == null || u.getHost().isEmpty()) {
      return "must name a host";
    }
    if (u.getRawUserInfo() != null) {
      return "must not carry credentials: requests are signed with the secret instead";
    }
    if (u.getRawFragment() != null) {
      return "must not have a fragment (#...)";
    }
    return null;
  }

  /**
   * The {@code secret} field: set when given; when absent, {@link Secret#KEEP} (a stored one must exist) if
   * {@code required}, else {@link Secret#NONE} (whatever is stored stays).
   */
  static Secret secret(Fields in, boolean required) {
    String s = in.string("secret", false, 200, SECRET, SECRET_RULE);
    if (s == null) {
      return in.raw("secret") == null && required ? Secret.KEEP : Secret.NONE;
    }
    int bytes;
    try {
      bytes = Base64.getDecoder().decode(s.substring("whsec_".length())).length;
    } catch (IllegalArgumentException e) {
      bytes = -1;
    }
    if (bytes < 0) {
      in.error("secret", SECRET_RULE + "; this one is not base64");
    } else if (bytes < 24 || bytes > 64) {
      in.error("secret", SECRET_RULE + "; this one has " + bytes + " bytes");
    }
    return Secret.set(s);
  }
}
