package io.switchboard.sip.transaction;

import io.switchboard.sip.HeaderNames;
import io.switchboard.sip.SipHeaders;
import io.switchboard.sip.SipMessage;
import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import io.switchboard.sip.SipResponses;
import io.switchboard.sip.Via;
import io.switchboard.sip.transport.Destination;
import io.switchboard.sip.transport.SipOptions;
import io.switchboard.sip.transport.Transport;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The transaction layer (RFC 3261 §17): a registry of client and server transactions between a
 * {@link Transport} and a {@link TransactionUser}. It never owns sockets or threads: time comes from
 * {@link Timers}, bytes from the transport.
 *
 * <pre>
 *   Transport --onMessage--> TransactionLayer --match (§17.1.3 / §17.2.3)--> transaction --> TU
 *       ^                        |  no match: new ServerTransaction -> tu.onRequest
 *       |                        |  CANCEL: §9.2 -> tu.onCancel, or 481 here
 *       +--- send / sendResponse-+  ACK for 2xx, stray responses -> TU
 * </pre>
 *
 * <p>Entries leave the registry when their last timer ends them; {@link #activeCount()} shows it.
 * Threading: confined to the transport's event loop (call {@link #send} there; TU callbacks come there). The
 * registries are concurrent maps only so that gauges and {@link #describeServers()} may read them from elsewhere.
 */
public final class TransactionLayer implements Transport.Listener {
  private final Transport transport;
  private final Timers timers;
  private final SipOptions options;
  private final TransactionUser tu;
  private final Map<String, ClientTransaction> clients = new ConcurrentHashMap<>();
  private final Map<String, ServerTransaction> servers = new ConcurrentHashMap<>();
  private final Map<String, ServerTransaction> awaitingAck = new ConcurrentHashMap<>();

  /** Registers itself as the transport's listener. */
  public TransactionLayer(Transport transport, Timers timers, SipOptions options, TransactionUser tu) {
    this.transport = transport;
    this.timers = timers;
    this.options = options;
    this.tu = tu;
    transport.listener(this);
  }

  /** Live transactions, client and server. */
  public int activeCount() {
    return clients.size() + servers.size();
  }

  public int clientCount() {
    return clients.size();
  }

  public int serverCount() {
    return servers.size();
  }

  /** Each live server transaction as "METHOD STATE from SOURCE": a snapshot for diagnostics, any thread. */
  public List<String> describeServers() {
    return servers.values().stream().map(tx -> tx.request().method() + " " + tx.state() + " from " + tx.source())
        .sorted().toList();
  }

  /**
   * Starts a client transaction (§17.1). The request needs no Via: a top Via with a fresh branch is
   * added (§8.1.1.7) unless it already has one with an RFC 3261 branch (a CANCEL copies its INVITE's,
   * §9.1); the transport stamps transport and sent-by. Not for ACK: see {@link #sendAck}.
   */
  public ClientTransaction send(SipRequest request, Destination destination) {
    if (request.isMethod("ACK")) {
      throw new IllegalArgumentException("ACK is not sent in a client transaction; use sendAck");
    }
    Transport.Outbound out = transport.prepare(withBranch(request), destination);
    String key = TransactionKeys.client(out.request().topVia().branch().orElseThrow(), request.method());
    if (clients.containsKey(key)) {
      throw new IllegalStateException("a client transaction with this branch and method exists");
    }
    ClientTransaction tx = new ClientTransaction(this, out.request(), out.destination(), key);
    clients.put(key, tx);
    tx.start();
    return tx;
  }

  /**
   * Sends the ACK for a 2xx (§13.2.2.4, §17.1.1.3): outside any transaction, with a fresh branch, to the
   * dialog's next hop. The TU sends it again for each retransmitted 2xx.
   */
  public Future<Void> sendAck(SipRequest ack, Destination destination) {
    SipRequest fresh = ack.withHeaders(ack.headers().without(HeaderNames.VIA));
    Transport.Outbound out = transport.prepare(withBranch(fresh), destination);
    return transport.send(out.request(), out.destination());
  }

  private static SipRequest withBranch(SipRequest request) {
    if (request.headers().contains(HeaderNames.VIA) && request.topVia().hasRfc3261Branch()) {
      return request;
    }
    SipHeaders h = request.headers().toBuilder().remove(HeaderNames.VIA)
        .addFirst(HeaderNames.VIA, Via.of("UDP", "invalid.invalid", -1, SipIds.branch()).format()).build();
    return request.withHeaders(h);
  }

  @Override
  public void onMessage(SipMessage message, Destination source) {
    if (message instanceof SipResponse r) {
      ClientTransaction tx = clients.get(TransactionKeys.client(r));
      if (tx != null) {
        tx.receive(r);
      } else {
        tu.onStrayResponse(r, source);
      }
    } else if (message instanceof SipRequest r) {
      onRequest(r, source);
    }
  }

  private void onRequest(SipRequest r, Destination source) {
    String key = TransactionKeys.server(r);
    ServerTransaction tx = servers.get(key);
    if (r.isMethod("ACK")) {
      onAck(r, source, tx);
      return;
    }
    if (tx != null) {
      tx.retransmitted();
      return;
    }
    tx = new ServerTransaction(this, r, source, key);
    servers.put(key, tx);
    tx.start();
    if (r.isMethod("CANCEL")) {
      ServerTransaction invite = servers.get(TransactionKeys.server(r, "INVITE"));
      if (invite == null) {
        tx.respond(SipResponses.create(r, 481)); // §9.2: nothing to cancel
      } else {
        tu.onCancel(tx, invite);
      }
      return;
    }
    tu.onRequest(tx);
  }

  /** §17.2.1: an ACK for a non-2xx matches the INVITE transaction; one for a 2xx goes up (§13.3.1.4). */
  private void onAck(SipRequest ack, Destination source, ServerTransaction tx) {
    if (tx != null && tx.isInvite() && tx.state() == ServerTransaction.State.COMPLETED) {
      tx.ack();
      return;
    }
    if (tx != null && tx.state() == ServerTransaction.State.CONFIRMED) {
      return; // a retransmitted ACK, absorbed (Timer I)
    }
    ServerTransaction accepted = awaitingAck.get(TransactionKeys.ack(ack));
    if (accepted != null) {
      accepted.ack();
    }
    tu.onAck(ack, source);
  }

  String awaitAck(ServerTransaction tx, SipResponse response) {
    String key = TransactionKeys.ack(response);
    awaitingAck.put(key, tx);
    return key;
  }

  void removeClient(ClientTransaction tx) {
    clients.remove(tx.key(), tx);
  }

  void removeServer(ServerTransaction tx) {
    servers.remove(tx.key(), tx);
    if (tx.ackKey() != null) {
      awaitingAck.remove(tx.ackKey(), tx);
    }
  }

  /** The transport under this layer (its listening ports, for Contact URIs). */
  public Transport transport() {
    return transport;
  }

  Timers timers() {
    return timers;
  }

  SipOptions options() {
    return options;
  }

  TransactionUser tu() {
    return tu;
  }
}
