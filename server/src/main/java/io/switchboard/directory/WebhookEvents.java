package io.switchboard.directory;

import java.util.List;

/**
 * The event types a webhook can subscribe to: the ACD's stream events a CRM follows, the changes of cases and the
 * whole interaction record once complete
 * (docs/webhooks.md lists what each carries). {@code call.dtmf} is left out on purpose: key presses can be card
 * numbers or PINs. {@code "*"} in a webhook's {@code events} subscribes to all of them.
 */
public final class WebhookEvents {
  public static final String ALL = "*";
  /** The whole interaction record, once complete (not an ACD event: the store of record sends it). */
  public static final String INTERACTION_COMPLETED = "interaction.completed";
  public static final List<String> TYPES = List.of(
      "call.enqueued", "call.reserved", "call.accepted", "call.rejected", "call.transferred", "call.overflowed",
      "call.held", "call.resumed", "call.ended", "call.abandoned", "call.closed", "call.lost",
      "call.dialed", "call.dial.answered", "call.dial.failed",
      "call.callback-requested", "call.callback-attempt", "call.callback-failed", "call.voicemail",
      "wrapup.done", "agent.state",
      "recording.started", "recording.stopped", "recording.failed",
      "monitor.started", "monitor.ended",
      "case.created", "case.updated", "case.forwarded", "case.escalated", "case.linked", "case.breached",
      INTERACTION_COMPLETED);

  private WebhookEvents() {}

  /** Whether a webhook subscribed to {@code subscribed} gets an event of {@code type}. */
  public static boolean matches(List<String> subscribed, String type) {
    return TYPES.contains(type) && (subscribed.contains(ALL) || subscribed.contains(type));
  }
}
