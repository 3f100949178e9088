package io.switchboard;

import io.switchboard.media.sdp.NegotiatedAudio;
import io.switchboard.media.sdp.SdpNegotiator;
import io.switchboard.media.sdp.SdpOfferer;
import io.switchboard.media.sdp.SdpParser;
import io.switchboard.sip.RequestPolicy;
import io.switchboard.sip.SipMessage;
import io.switchboard.sip.SipParser;
import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import io.switchboard.sip.SipResponses;
import io.switchboard.sip.SipSerializer;
import io.switchboard.sip.dialog.Dialog;
import io.switchboard.sip.transaction.ServerTransaction;
import io.switchboard.sip.transaction.TransactionLayer;
import io.switchboard.sip.transaction.TransactionUser;
import io.switchboard.sip.transaction.VertxTimers;
import io.switchboard.sip.transport.Destination;
import io.switchboard.sip.transport.Protocol;
import io.switchboard.sip.transport.SipOptions;
import io.switchboard.sip.transport.Transport;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The SIP step of the warm-up (NodeWarmUp): one whole call — INVITE with an SDP offer, 100, 200 with the SDP answer,
 * ACK, BYE, 200 — through a {@link TransactionLayer} of its own on the SIP event loop, over an in-memory transport that
 * keeps what would be sent and sends nothing. Every message is serialized and parsed as the socket transport would.
 * The node's own layer, calls and sockets are not touched; the throwaway layer's timers run out on their own.
 */
final class SipWarmUp {
  private static final String HOST = "192.0.2.1";  // TEST-NET-1 (RFC 5737): no real peer, and nothing is sent
  private static final Destination PEER = new Destination(Protocol.UDP, HOST, 5060);

  private SipWarmUp() {}

  /** Runs the call on {@code sip} (the SIP event loop); completes when the BYE has been answered. */
  static Future<Void> run(Context sip, SipOptions options) {
    Promise<Void> done = Promise.promise();
    sip.runOnContext(v -> {
      try {
        call(sip, options);
        done.complete();
      } catch (Exception e) {
        done.fail(e);
      }
    });
    return done.future();
  }

  private static void call(Context sip, SipOptions options) throws Exception {
    Discarding transport = new Discarding();
    TransactionLayer layer = new TransactionLayer(transport, new VertxTimers(sip), options, new Answering());
    SipParser parser = new SipParser();
    String offer = SdpOfferer.offer(HOST, 40_000, 1, 1);
    String invite = "INVITE sip:+15550100@" + HOST + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP " + HOST + ":5060;branch=z9hG4bK-warm-up-1;rport\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: \"Warm Up\" <sip:+15550101@" + HOST + ">;tag=warm-up\r\n"
        + "To: <sip:+15550100@" + HOST + ">\r\n"
        + "Call-ID: warm-up@" + HOST + "\r\n"
        + "CSeq: 1 INVITE\r\n"
        + "Contact: <sip:warm-up@" + HOST + ":5060>\r\n"
        + "Supported: timer\r\n"
        + "Session-Expires: 1800\r\n"
        + "Content-Type: application/sdp\r\n"
        + "Content-Length: " + offer.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + offer;
    layer.onMessage(parser.parse(invite.getBytes(StandardCharsets.UTF_8)), PEER);
    SipResponse ok = transport.lastResponse(200);
    String toTag = ok.to().tag().orElseThrow();
    String dialog = "From: \"Warm Up\" <sip:+15550101@" + HOST + ">;tag=warm-up\r\n"
        + "To: <sip:+15550100@" + HOST + ">;tag=" + toTag + "\r\n"
        + "Call-ID: warm-up@" + HOST + "\r\n";
    layer.onMessage(parser.parse(("ACK sip:warm-up@" + HOST + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP " + HOST + ":5060;branch=z9hG4bK-warm-up-2;rport\r\nMax-Forwards: 70\r\n" + dialog
        + "CSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8)), PEER);
    layer.onMessage(parser.parse(("BYE sip:warm-up@" + HOST + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP " + HOST + ":5060;branch=z9hG4bK-warm-up-3;rport\r\nMax-Forwards: 70\r\n" + dialog
        + "CSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8)), PEER);
    transport.lastResponse(200);
    for (SipMessage m : transport.sent) {  // what the socket transport would write, read back as a peer would
      parser.parse(SipSerializer.serialize(m));
    }
  }

  /** The call control of the warm-up: answers an INVITE as InboundCalls does (100, SDP answer, dialog), a BYE 200. */
  private static final class Answering implements TransactionUser {
    @Override
    public void onRequest(ServerTransaction tx) {
      SipRequest request = tx.request();
      if (RequestPolicy.refusal(request, tx.localTag()).isPresent() || !request.isMethod("INVITE")) {
        tx.respond(200);
        return;
      }
      tx.respond(100);
      try {
        NegotiatedAudio answer = SdpNegotiator.answer(SdpParser.parse(request.bodyText()), HOST, 40_002, 2, 1, true);
        SipResponse base = tx.createResponse(200);
        SipResponse ok = RequestPolicy.advertised(base.withHeaders(base.headers().toBuilder()
            .add("Contact", "<sip:warm-up@" + HOST + ":5060>").add("Content-Type", "application/sdp").build()))
            .withBody(answer.answer().getBytes(StandardCharsets.UTF_8));
        Dialog.asUas(request, ok, "sip:warm-up@" + HOST + ":5060").newRequest("BYE");
        tx.respond(ok);
      } catch (Exception e) {
        tx.respond(488);
      }
    }
  }

  /** Keeps what would be sent; sends nothing. Called on the SIP event loop only. */
  private static final class Discarding implements Transport {
    final List<SipMessage> sent = new ArrayList<>();

    @Override
    public void listener(Listener listener) {
      // the warm-up hands messages to the layer itself
    }

    @Override
    public Outbound prepare(SipRequest request, Destination destination) {
      return new Outbound(request, destination);
    }

    @Override
    public Future<Void> send(SipMessage message, Destination destination) {
      sent.add(message);
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> sendResponse(SipResponse response, Destination source) {
      return send(response, source);
    }

    SipResponse lastResponse(int status) {
      for (int i = sent.size() - 1; i >= 0; i--) {
        if (sent.get(i) instanceof SipResponse r && r.status() == status) {
          return r;
        }
      }
      throw new IllegalStateException("no " + status + " was sent");
    }
  }
}
