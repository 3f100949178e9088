package io.switchboard.directory;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Away reasons: {@code {"id","label"}}. The id is the code agents send ({@code state.set} reason) and the ACD
 * stores; the label (up to 100 characters) is what the softphone and the wallboard show, as written.
 */
final class AwayReasonSchema implements Schema {
  static final int LABEL_MAX = 100;
  /** The reasons the ACD itself gives (a declined or missed offer, a lost socket): never an agent's choice. */
  static final List<String> RESERVED = List.of("rejected", "no-answer", "disconnected");

  @Override
  public Normalized normalize(String id, Fields in) {
    if (RESERVED.contains(id)) {
      in.error("id", "'" + id + "' is a reason the ACD gives by itself (" + String.join(", ", RESERVED) + ")");
    }
    String label = in.string("label", true, LABEL_MAX, null, null);
    JsonObject doc = new JsonObject().put("id", id).put("label", label);
    return new Normalized(id, doc, List.of(), null, null);
  }
}
