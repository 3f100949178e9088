package io.switchboard.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Whether a tenant-given URL's host may be called by the node: only public addresses, so a tenant's flow webhook
 * or event webhook cannot make the node reach into its own network (loopback, private, link-local, unique-local,
 * unspecified and multicast addresses are refused). Every address the name resolves to must be public. Blocking
 * (a DNS lookup): call it off event loops.
 */
public final class PublicAddresses {
  private PublicAddresses() {}

  /**
   * @param setting the node setting that would allow such addresses, named in the refusal
   * @throws IllegalStateException naming the host when one of its addresses is not public
   * @throws UnknownHostException when the name does not resolve
   */
  public static void require(String host, String setting) throws UnknownHostException {
    for (InetAddress a : InetAddress.getAllByName(host)) {
      byte[] b = a.getAddress();
      boolean uniqueLocalV6 = b.length == 16 && (b[0] & 0xfe) == 0xfc;
      if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
          || a.isMulticastAddress() || uniqueLocalV6) {
        throw new IllegalStateException(host + " is a loopback or private address (" + setting + " is off)");
      }
    }
  }
}
