package io.switchboard.net;

/**
 * What a configured bind host means for the addresses we hand out. A wildcard bind ("0.0.0.0" or "::") listens on
 * every interface but is no address a peer can send to, so whatever the node advertises (SDP c= lines, ICE host
 * candidates, SIP Via/Contact) or sends to itself must be a concrete address instead. {@link #concrete} gives the
 * address this host reaches itself on (loopback of the same family); what the node tells peers is chosen by
 * {@link AdvertisedAddress}.
 */
public final class BindHosts {
  private BindHosts() {}

  /** Whether {@code host} is the IPv4 or IPv6 wildcard address, as written in configuration. */
  public static boolean isWildcard(String host) {
    return "0.0.0.0".equals(host) || "::".equals(host);
  }

  /** {@code host} itself, or loopback of the same family when it is a wildcard: where this host reaches itself. */
  public static String concrete(String host) {
    if ("0.0.0.0".equals(host)) {
      return "127.0.0.1";
    }
    return "::".equals(host) ? "::1" : host;
  }
}
