package io.switchboard.net;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * One network interface of this host as {@link AdvertisedAddress} needs it: a plain value, so the choice can be
 * tested with any list of interfaces. {@link #system()} reads the real ones.
 *
 * @param name the interface name (eth0, ens5, lo), for logs
 * @param up whether it is up
 * @param loopback whether it is a loopback interface
 * @param addresses its addresses in the order the system lists them
 */
public record HostInterface(String name, boolean up, boolean loopback, List<InetAddress> addresses) {
  public HostInterface {
    addresses = List.copyOf(addresses);
  }

  /**
   * This host's interfaces, ordered by interface index (the order the kernel created them: the primary NIC
   * before the bridges and tunnels that software adds later). An interface whose state cannot be read is
   * left out; a host whose interfaces cannot be listed at all yields an empty list (the caller then falls back
   * to loopback and says so).
   */
  public static List<HostInterface> system() {
    List<NetworkInterface> all;
    try {
      var e = NetworkInterface.getNetworkInterfaces();
      all = e == null ? List.of() : new ArrayList<>(Collections.list(e));
    } catch (SocketException e) {
      return List.of();
    }
    all.sort(Comparator.comparingInt(NetworkInterface::getIndex));
    List<HostInterface> out = new ArrayList<>(all.size());
    for (NetworkInterface n : all) {
      try {
        out.add(new HostInterface(n.getName(), n.isUp(), n.isLoopback(), Collections.list(n.getInetAddresses())));
      } catch (SocketException e) {
        // gone or unreadable since it was listed: not a candidate
      }
    }
    return out;
  }
}
