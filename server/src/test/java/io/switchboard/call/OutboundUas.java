package io.switchboard.call;

import io.switchboard.sip.AuthValue;
import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import io.switchboard.sip.auth.Digest;
import io.switchboard.sip.dialog.Dialog;
import io.switchboard.sip.transaction.Cancels;
import io.switchboard.sip.transaction.ServerTransaction;
import io.switchboard.sip.transaction.SipNode;
import io.switchboard.sip.transaction.TransactionUser;
import io.switchboard.sip.transport.SipOptions;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A carrier for tests, built from our own transport and transaction layer: challenges with 401 or 407
 * (SHA-256, qop=auth), checks the digest with its own copy of the password, then rings and answers (or only
 * rings, or answers busy). Knobs are set from the JUnit thread before the call.
 */
final class OutboundUas implements TransactionUser, AutoCloseable {
  enum Answer { ANSWER, RING, BUSY }

  static final String REALM = "carrier.test";
  static final String SDP = "v=0\r\no=- 2 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
      + "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

  final SipNode node;
  final String password;
  final List<SipRequest> invites = new CopyOnWriteArrayList<>();
  final List<String> methods = new CopyOnWriteArrayList<>();
  final AtomicInteger badDigests = new AtomicInteger();
  volatile int challenge;
  volatile Answer answer = Answer.ANSWER;
  volatile boolean staleFirst;
  volatile Dialog dialog;
  private volatile String nonce = "n-" + System.nanoTime();

  OutboundUas(Vertx vertx, SipOptions options, String password) {
    this.password = password;
    this.node = SipNode.start(vertx, options, this);
  }

  int port() {
    return node.transport.udpPort();
  }

  @Override
  public void onRequest(ServerTransaction tx) {
    SipRequest r = tx.request();
    methods.add(r.method());
    if (!r.isMethod("INVITE")) {
      if (r.isMethod("BYE") && dialog != null) {
        dialog.onRequest(r);
      }
      tx.respond(200);
      return;
    }
    invites.add(r);
    if (challenge != 0 && !authorized(tx, r)) {
      return;
    }
    switch (answer) {
      case BUSY -> tx.respond(486);
      case RING -> tx.respond(180);
      case ANSWER -> {
        tx.respond(180);
        SipResponse ok = tx.createResponse(200);
        ok = ok.withHeaders(ok.headers().toBuilder()
                .add("Contact", "<sip:uas@127.0.0.1:" + port() + ">")
                .add("Content-Type", "application/sdp").build())
            .withBody(SDP.getBytes(StandardCharsets.UTF_8));
        dialog = Dialog.asUas(r, ok, "sip:uas@127.0.0.1:" + port());
        tx.respond(ok);
      }
    }
  }

  @Override
  public void onCancel(ServerTransaction cancel, ServerTransaction invite) {
    methods.add("CANCEL");
    Cancels.accept(cancel, invite);
  }

  /** Challenges when there are no credentials, 403 for wrong ones; true when the request may proceed. */
  private boolean authorized(ServerTransaction tx, SipRequest r) {
    List<AuthValue> creds = challenge == 401 ? r.authorizations() : r.proxyAuthorizations();
    if (creds.isEmpty() || (staleFirst && invites.size() == 2)) {
      if (staleFirst && !creds.isEmpty()) {
        nonce = "n2-" + System.nanoTime(); // the old nonce has "expired"
      }
      SipResponse c = tx.createResponse(challenge);
      String header = challenge == 401 ? "WWW-Authenticate" : "Proxy-Authenticate";
      c = c.withHeaders(c.headers().toBuilder().add(header, "Digest realm=\"" + REALM + "\", nonce=\"" + nonce
          + "\", algorithm=SHA-256, qop=\"auth\", opaque=\"op-1\"" + (creds.isEmpty() ? "" : ", stale=true"))
          .build());
      tx.respond(c);
      return false;
    }
    if (!Digest.verify(creds.get(0), "INVITE", password, REALM, nonce)
        || !creds.get(0).param("uri").orElse("").equals(r.requestUri())) {
      badDigests.incrementAndGet();
      tx.respond(403);
      return false;
    }
    return true;
  }

  /** The carrier hangs up: BYE in its dialog; returns the status of our node's answer. */
  int bye() {
    return node.on(() -> node.layer.send(dialog.newRequest("BYE"), dialog.nextHop())).response().await().status();
  }

  /** Sends {@code request} (built from {@link #dialog}) to our node; returns the status of its answer. */
  int send(SipRequest request) {
    return node.on(() -> node.layer.send(request, dialog.nextHop())).response().await().status();
  }

  @Override
  public void close() {
    node.close();
  }
}
