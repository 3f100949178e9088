package io.switchboard.records;

import java.util.Map;

/**
 * One entry of a tenant's ACD event stream.
 *
 * @param tenant the tenant whose stream it came from
 * @param entryId the stream entry id, {@code <ms>-<seq>}, unique within the tenant
 * @param type the event type ({@code call.enqueued}, {@code agent.state}, ...)
 * @param tsMillis when the ACD wrote it (the writing node's clock), epoch ms
 * @param node the id of the node that wrote it
 * @param fields every other field of the entry
 */
public record StreamEvent(String tenant, String entryId, String type, long tsMillis, String node,
    Map<String, String> fields) {

  /** From a stream entry's body; missing type/ts/node become "" / the entry id's time / "" (never refused). */
  static StreamEvent of(String tenant, String entryId, Map<String, String> body) {
    Map<String, String> rest = new java.util.LinkedHashMap<>(body);
    String type = rest.remove("type");
    String ts = rest.remove("ts");
    String node = rest.remove("node");
    long millis;
    try {
      millis = Long.parseLong(ts);
    } catch (NumberFormatException | NullPointerException e) {
      millis = Long.parseLong(entryId.substring(0, entryId.indexOf('-')));
    }
    return new StreamEvent(tenant, entryId, type == null ? "" : type, millis, node == null ? "" : node, Map.copyOf(rest));
  }
}
