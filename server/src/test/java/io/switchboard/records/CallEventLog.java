package io.switchboard.records;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-made stream events of one call (tenant t, call c1, node n1), for tests of its fold into an interaction. */
final class CallEventLog {
  private final List<StreamEvent> events = new ArrayList<>();
  private int seq;

  /** An event at {@code ms} (its time and its entry id's), fields as name, value pairs; callId c1 is added. */
  void ev(long ms, String type, String... kv) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("callId", "c1");
    for (int i = 0; i < kv.length; i += 2) {
      f.put(kv[i], kv[i + 1]);
    }
    events.add(new StreamEvent("t", ms + "-" + (seq++), type, ms, "n1", f));
  }

  /** The events so far, in order (the list itself: tests may clear it). */
  List<StreamEvent> events() {
    return events;
  }

  /** The interaction the events so far fold into. */
  Interaction fold() {
    return InteractionFold.fold("t", "c1", events).orElseThrow();
  }
}
