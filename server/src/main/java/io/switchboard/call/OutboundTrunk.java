package io.switchboard.call;

import io.switchboard.call.OutboundCallException.Kind;
import io.switchboard.directory.Directory;
import io.switchboard.sip.transport.Destination;
import io.switchboard.sip.transport.Protocol;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an outbound call needs from a trunk document ({@code Kind.TRUNK}): its addresses in order of
 * preference (with its transport), its allowed sources, when it has digest credentials, username and
 * password, and its maxConcurrentCalls. Immutable. {@link #toString()} hides the password.
 *
 * @param username null when the trunk has no digest credentials
 * @param password null when none is stored
 * @param srtp the trunk asks for SRTP with SDES keys ({@code mediaEncryption: sdes}): offer RTP/SAVP
 * @param allowedSources CIDRs or addresses the far end's in-dialog requests may come from (besides
 *     {@code addresses})
 * @param maxConcurrentCalls calls the trunk may carry at once, inbound and outbound, across the cluster (null: no
 *     limit)
 */
public record OutboundTrunk(String tenant, String id, List<Destination> addresses, String username,
    String password, boolean srtp, List<String> allowedSources, Integer maxConcurrentCalls) {

  public OutboundTrunk {
    addresses = List.copyOf(addresses);
    allowedSources = List.copyOf(allowedSources);
  }

  /** Whether a request from {@code ip} may come from this trunk: one of its addresses or allowed sources. */
  boolean isSource(String ip) {
    return addresses.stream().anyMatch(a -> a.host().equalsIgnoreCase(ip)) || TrunkSources.allows(allowedSources, ip);
  }

  /** Credentials to answer a 401/407 with. */
  public boolean canAuthenticate() {
    return username != null && password != null;
  }

  /**
   * Reads the trunk and its secret. Fails with {@link Kind#INVALID} when it does not exist, is disabled,
   * uses a transport we do not speak or has no address.
   */
  public static Future<OutboundTrunk> load(Directory directory, String tenant, String trunkId) {
    return directory.get(tenant, io.switchboard.directory.Kind.TRUNK, trunkId).compose(doc -> {
      if (doc.isEmpty()) {
        return invalid("trunk " + trunkId + " not found");
      }
      JsonObject t = doc.get();
      if (!t.getBoolean("enabled", true)) {
        return invalid("trunk " + trunkId + " is disabled");
      }
      Optional<Protocol> protocol = Protocol.parse(t.getString("transport", "udp"));
      if (protocol.isEmpty()) {
        return invalid("trunk " + trunkId + " transport " + t.getString("transport") + " is not supported");
      }
      List<Destination> to = new ArrayList<>();
      JsonArray addresses = t.getJsonArray("addresses", new JsonArray());
      for (int i = 0; i < addresses.size(); i++) {
        JsonObject a = addresses.getJsonObject(i);
        to.add(new Destination(protocol.get(), a.getString("host"), a.getInteger("port", 5060)));
      }
      if (to.isEmpty()) {
        return invalid("trunk " + trunkId + " has no address");
      }
      boolean srtp = "sdes".equals(t.getString("mediaEncryption", "none"));
      JsonObject digest = t.getJsonObject("digest");
      String username = digest == null ? null : digest.getString("username");
      List<String> sources = TrunkSources.sources(t);
      Integer limit = t.getInteger("maxConcurrentCalls");
      if (username == null) {
        return Future.succeededFuture(new OutboundTrunk(tenant, trunkId, to, null, null, srtp, sources, limit));
      }
      return directory.trunkPassword(tenant, trunkId)
          .map(pw -> new OutboundTrunk(tenant, trunkId, to, username, pw.orElse(null), srtp, sources, limit));
    });
  }

  private static <T> Future<T> invalid(String why) {
    return Future.failedFuture(new OutboundCallException(Kind.INVALID, 0, why));
  }

  @Override
  public String toString() {
    return "OutboundTrunk[" + tenant + "/" + id + " " + addresses + " user=" + username + (srtp ? " srtp" : "")
        + "]";
  }
}
