package io.switchboard.sip.transaction;

import io.switchboard.sip.SipMessage;
import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import io.switchboard.sip.Via;
import io.switchboard.sip.transport.Destination;
import io.switchboard.sip.transport.Transport;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/** An in-memory {@link Transport}: records what was sent (with the virtual time) and injects messages. */
final class FakeTransport implements Transport {
  record Sent(SipMessage message, Destination destination, long at) {}

  final List<Sent> sent = new ArrayList<>();
  private final ManualTimers timers;
  private Listener listener;
  boolean failSends;

  FakeTransport(ManualTimers timers) {
    this.timers = timers;
  }

  @Override
  public void listener(Listener listener) {
    this.listener = listener;
  }

  @Override
  public Outbound prepare(SipRequest request, Destination destination) {
    Via top = request.topVia();
    Via mine = Via.parse("SIP/2.0/" + destination.protocol() + " uac.test:5060" + top.params().format());
    return new Outbound(request.withHeaders(request.headers().toBuilder().remove("Via")
        .addFirst("Via", mine.format()).build()), destination);
  }

  @Override
  public Future<Void> send(SipMessage message, Destination destination) {
    if (failSends) {
      return Future.failedFuture("unreachable");
    }
    sent.add(new Sent(message, destination, timers.now()));
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> sendResponse(SipResponse response, Destination source) {
    return send(response, source);
  }

  void inject(SipMessage m, Destination from) {
    listener.onMessage(m, from);
  }

  List<Long> timesOf(String startLinePrefix) {
    return sent.stream().filter(s -> s.message().startLine().startsWith(startLinePrefix)).map(Sent::at).toList();
  }

  SipMessage last() {
    return sent.get(sent.size() - 1).message();
  }
}
