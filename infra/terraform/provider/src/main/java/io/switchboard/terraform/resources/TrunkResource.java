package io.switchboard.terraform.resources;

import io.switchboard.terraform.provider.ResourceType;
import io.switchboard.terraform.schema.Attr;
import io.switchboard.terraform.schema.Block;
import io.switchboard.terraform.schema.Check;
import io.switchboard.terraform.schema.Type;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code switchboard_trunk}: {@code /api/v1/trunks}, a carrier's SIP connection. {@code digest.password} is
 * write-only on the API, like an agent's password: Terraform keeps the configured value (sensitive) in state and
 * sends it on every write; the server leaves the stored one as it is when unchanged. A password changed outside
 * Terraform is not detected. The plan-time rules are the server's (same ranges, same host and CIDR shapes).
 */
public final class TrunkResource extends ResourceType {
  static final List<String> TRANSPORTS = List.of("udp", "tcp", "tls");
  static final List<String> MEDIA_ENCRYPTIONS = List.of("none", "sdes");
  private static final Check QUOTABLE = Check.matches("[^\"\\\\\\p{Cntrl}]+",
      "must not contain quotes, backslashes or control characters");

  public TrunkResource() {
    super("trunk", "trunks", "A SIP trunk: a carrier's addresses, the sources it may call from, its digest "
        + "credentials and the numbers (DIDs) it delivers.", List.of(
        Attr.string("name").required().check(Check.notBlank(), Check.maxLength(Rules.NAME_MAX)),
        Attr.string("description").optional().check(Check.maxLength(Rules.DESCRIPTION_MAX)),
        Attr.string("transport").optionalComputed().check(Check.oneOf(TRANSPORTS))
            .describe("udp, tcp or tls. Default udp."),
        Attr.string("media_encryption").optionalComputed().check(Check.oneOf(MEDIA_ENCRYPTIONS))
            .describe("sdes: SRTP with SDES keys (RFC 4568) both ways, plain RTP refused; none: plain RTP offered. "
                + "Default none. Use sdes with transport tls (the keys travel in the SDP)."),
        Attr.objectList("addresses", Block.of(
                Attr.string("host").required().check(TrunkResource::hostProblem)
                    .describe("Host name (stored in lower case), IPv4 or IPv6 address, without brackets or port."),
                Attr.number("port").optionalComputed().check(Check.range(1, 65_535)).describe("Default 5060.")))
            .required().check(Check.minItems(1), Check.maxItems(16))
            .describe("Where outbound calls go, most preferred first."),
        Attr.of("allowed_sources", Type.set(Type.STRING)).required()
            .check(Check.minItems(1), Check.maxItems(100)).eachElement(TrunkResource::cidrProblem)
            .describe("IPv4/IPv6 CIDRs or single addresses the carrier sends from; requests from elsewhere are "
                + "refused (403)."),
        Attr.object("digest", Block.of(
                Attr.string("username").required().check(Check.maxLength(128), QUOTABLE),
                Attr.string("password").optional().writeOnly().check(Check.maxLength(256), Check.notBlank())
                    .describe("Sensitive, write-only: never read back. Required when the server has none stored."),
                Attr.string("realm").optional().check(Check.maxLength(255), QUOTABLE)
                    .describe("Realm to answer; unset = any the carrier names.")))
            .optional().describe("Credentials for the carrier's 401/407 digest challenges; unset = none."),
        Attr.of("numbers", Type.set(Type.STRING)).optionalComputed()
            .check(Check.maxItems(1000)).eachElement(Rules.E164)
            .describe("E.164 DIDs the trunk delivers (format checked only; they need not be phone numbers)."),
        Attr.number("max_concurrent_calls").optionalComputed().check(Check.range(1, 100_000)).describe("Default 100."),
        Attr.bool("enabled").optionalComputed().describe("A disabled trunk carries no calls. Default true."),
        Attr.string("region").optional().check(Rules.REGION)));
  }

  private static final String CIDR_RULE = "must be an IPv4 or IPv6 address, optionally with /prefix (e.g. 192.0.2.0/24)";
  private static final Pattern IPV4 = Pattern.compile(
      "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

  /** The server's host rule: a DNS name (RFC 1123 labels, not all digits) or an IP literal. Never resolves. */
  static String hostProblem(Object v) {
    String s = (String) v;
    String rule = "must be a hostname or an IPv4/IPv6 address (no brackets, no port), got \"" + s + "\"";
    if (s.isEmpty() || s.length() > 253) {
      return rule;
    }
    if (s.indexOf(':') >= 0) {
      return ipBytes(s) == null ? rule : null;
    }
    if (s.matches("[0-9.]+")) {
      return IPV4.matcher(s).matches() ? null : rule;
    }
    for (String label : s.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return rule;
      }
    }
    return null;
  }

  /** The server's CIDR rule: an address, or address/prefix with no bits set after the prefix. */
  static String cidrProblem(Object v) {
    String s = (String) v;
    int slash = s.indexOf('/');
    byte[] bytes = ipBytes(slash < 0 ? s : s.substring(0, slash));
    if (bytes == null) {
      return CIDR_RULE + ", got \"" + s + "\"";
    }
    if (slash < 0) {
      return null;
    }
    int bits = bytes.length * 8;
    String p = s.substring(slash + 1);
    if (!p.matches("[0-9]{1,3}") || Integer.parseInt(p) > bits) {
      return "prefix must be from 0 to " + bits + ", got \"" + s + "\"";
    }
    int prefix = Integer.parseInt(p);
    BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
    return new BigInteger(1, bytes).and(hostMask).signum() == 0 ? null
        : "has bits set after the /" + prefix + " prefix, got \"" + s + "\"";
  }

  /** 4 bytes for IPv4, 16 for IPv6, else null. IPv6 literals are parsed by the JDK (no lookup: they contain ':'). */
  private static byte[] ipBytes(String s) {
    if (IPV4.matcher(s).matches()) {
      byte[] out = new byte[4];
      String[] parts = s.split("\\.");
      for (int i = 0; i < 4; i++) {
        out[i] = (byte) Integer.parseInt(parts[i]);
      }
      return out;
    }
    if (!IPV6.matcher(s).matches() || s.length() > 45) {
      return null;
    }
    try {
      byte[] b = InetAddress.getByName(s).getAddress();
      return b.length == 16 ? b : null;
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
