package io.switchboard.directory;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * SIP trunks (a carrier's connection). Stored document, in this order: {@code id, name, description, transport,
 * mediaEncryption, addresses[{host, port}], allowedSources, digest{username, realm} | null, numbers, maxConcurrentCalls,
 * enabled, region}.
 *
 * <p>{@code addresses} are where the node sends outbound calls, in order of preference; {@code allowedSources}
 * (CIDRs or single IPs, kept as written) are the only sources whose requests the SIP layer accepts.
 * {@code numbers} are E.164 DIDs the carrier delivers: only their format is checked, they need not exist as
 * phone-number objects (routing a DID to a queue is the phone number's job; an unrouted DID gets 404).
 *
 * <p>{@code mediaEncryption} is {@code none} (plain RTP offered; an SRTP offer from the carrier is still answered
 * with SRTP) or {@code sdes}: SRTP keyed by {@code a=crypto} lines (RFC 4568) on both call directions, plain RTP
 * refused with 488. SDES keys travel in the SDP, so {@code sdes} belongs with {@code transport: tls}.
 *
 * <p>{@code digest.password} is write-only but stored retrievable (the node must answer the carrier's 401/407
 * challenge, so it cannot be hashed): it travels as {@link Schema.Secret} and lives in
 * {@code sb:{t}:trunk-secret:<id>}, never in the document. A digest without password keeps the stored one;
 * {@code "digest": null} (or absent) removes it.
 */
final class TrunkSchema implements Schema {
  static final List<String> TRANSPORTS = List.of("udp", "tcp", "tls");
  static final List<String> MEDIA_ENCRYPTIONS = List.of("none", "sdes");
  static final int MAX_ADDRESSES = 16;
  static final int MAX_SOURCES = 100;
  static final int MAX_NUMBERS = 1000;
  static final int SECRET_MAX = 256;
  /** Digest username and realm go into a quoted-string of a SIP header: no quotes, backslashes or controls. */
  static final Pattern QUOTABLE = Pattern.compile("[^\"\\\\\\p{Cntrl}]+");
  static final String QUOTABLE_RULE = "must not contain quotes, backslashes or control characters";

  @Override
  public Normalized normalize(String id, Fields in) {
    String name = in.string("name", true, Rules.NAME_MAX, null, null);
    String description = in.string("description", false, Rules.DESCRIPTION_MAX, null, null);
    String transport = transport(in);
    String mediaEncryption = oneOf(in, "mediaEncryption", MEDIA_ENCRYPTIONS);
    JsonArray addresses = addresses(in);
    List<String> sources = sources(in);
    Fields digestIn = in.object("digest");
    JsonObject digest = null;
    Secret secret = Secret.CLEAR;
    if (digestIn != null) {
      digest = new JsonObject()
          .put("username", digestIn.string("username", true, 128, QUOTABLE, QUOTABLE_RULE))
          .put("realm", digestIn.string("realm", false, 255, QUOTABLE, QUOTABLE_RULE));
      String password = digestIn.string("password", false, SECRET_MAX, null, null);
      secret = password == null ? Secret.KEEP : Secret.set(password);
    }
    List<String> numbers = in.strings("numbers", MAX_NUMBERS, 16, Rules.E164, Rules.E164_RULE);
    Integer maxCalls = in.integer("maxConcurrentCalls", 1, 100_000, 100);
    boolean enabled = in.bool("enabled", true);
    String region = in.string("region", false, 64, Rules.REGION, Rules.REGION_RULE);

    JsonObject doc = new JsonObject()
        .put("id", id)
        .put("name", name)
        .put("description", description)
        .put("transport", transport)
        .put("mediaEncryption", mediaEncryption)
        .put("addresses", addresses)
        .put("allowedSources", new JsonArray(new ArrayList<>(sources)))
        .put("digest", digest)
        .put("numbers", new JsonArray(new ArrayList<>(numbers)))
        .put("maxConcurrentCalls", maxCalls)
        .put("enabled", enabled)
        .put("region", region);
    return new Normalized(id, doc, List.of(), null, null, secret);
  }

  private static String transport(Fields in) {
    Object v = in.raw("transport");
    if (v == null) {
      return "udp";
    }
    if (!(v instanceof String s) || !TRANSPORTS.contains(s)) {
      in.error("transport", "must be one of " + String.join(", ", TRANSPORTS));
      return null;
    }
    return s;
  }

  /** An optional string from {@code allowed}, the first being the default. */
  private static String oneOf(Fields in, String name, List<String> allowed) {
    Object v = in.raw(name);
    if (v == null) {
      return allowed.get(0);
    }
    if (!(v instanceof String s) || !allowed.contains(s)) {
      in.error(name, "must be one of " + String.join(", ", allowed));
      return null;
    }
    return s;
  }

  private static JsonArray addresses(Fields in) {
    boolean absent = in.raw("addresses") == null;
    List<Fields> items = in.objects("addresses", MAX_ADDRESSES);
    JsonArray out = new JsonArray();
    for (Fields a : items) {
      String host = a.string("host", true, 253, null, null);
      if (host != null && !Hosts.validHost(host)) {
        a.error("host", "must be a hostname or an IPv4/IPv6 address (no brackets, no port)");
        host = null;
      }
      Integer port = a.integer("port", 1, 65_535, 5060);
      out.add(new JsonObject().put("host", host == null ? null : host.toLowerCase(Locale.ROOT)).put("port", port));
    }
    if ((absent || out.isEmpty()) && in.noErrorUnder("addresses")) {
      in.error("addresses", "must list at least one address");
    }
    return out;
  }

  private static List<String> sources(Fields in) {
    boolean absent = in.raw("allowedSources") == null;
    List<String> sources = in.strings("allowedSources", MAX_SOURCES, 49, Hosts.CIDR_CHARS, Hosts.CIDR_RULE);
    // strings() drops bad items, so indices match the request only when none was dropped
    boolean aligned = in.noErrorUnder("allowedSources");
    for (int i = 0; aligned && i < sources.size(); i++) {
      String problem = Hosts.cidrProblem(sources.get(i));
      if (problem != null) {
        in.error("allowedSources." + i, problem);
      }
    }
    if ((absent || sources.isEmpty()) && in.noErrorUnder("allowedSources")) {
      in.error("allowedSources", "must list at least one CIDR or IP address (requests from elsewhere are refused)");
    }
    return sources;
  }
}
