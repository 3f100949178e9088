package io.switchboard.bench;

import io.switchboard.sip.SipHeaders;
import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import io.switchboard.sip.dialog.Dialog;
import io.switchboard.sip.transaction.ServerTransaction;
import io.switchboard.sip.transaction.SipIds;
import io.switchboard.sip.transaction.SipNode;
import io.switchboard.sip.transaction.TransactionUser;
import io.switchboard.sip.transport.Destination;
import io.switchboard.sip.transport.Protocol;
import io.switchboard.sip.transport.SipOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SIP callers of {@link BridgedCallsBenchmark}: our own SIP stack (one UDP transport and transaction layer for
 * all callers, on one event loop), each call offering PCMU on its own RTP port. INVITE → 200 → ACK; BYE at the
 * end. Requests from the node (its BYE, if any) are answered 200 and counted. Thread-safe: every SIP action runs
 * on the transport's context.
 */
final class BenchCallers implements AutoCloseable, TransactionUser {
  private static final Pattern PORT = Pattern.compile("m=audio (\\d+)");
  private static final Pattern ADDR = Pattern.compile("c=IN IP4 (\\S+)");

  /** Caller i calls from {@code FROM_PREFIX + i}. */
  static final String FROM_PREFIX = "+1555200";

  private final SipNode sip;
  private final Destination node;
  final AtomicInteger requestsFromNode = new AtomicInteger();
  /** 2xx to INVITE seen again after the transaction ended (our ACK was late or lost): ACKed again. */
  final AtomicInteger retransmitted2xx = new AtomicInteger();
  private final java.util.Map<String, Dialog> dialogs = new java.util.concurrent.ConcurrentHashMap<>();

  /** One answered call: its dialog and where the node wants our RTP. */
  record Call(int index, Dialog dialog, InetSocketAddress nodeRtp) {}

  BenchCallers(Vertx vertx, int nodeSipPort) {
    this.sip = SipNode.start(vertx, SipOptions.DEFAULTS, this);
    this.node = new Destination(Protocol.UDP, "127.0.0.1", nodeSipPort);
  }

  /**
   * Calls {@code number} from caller {@code index} (From {@code +1555200<index>}) offering PCMU on
   * {@code rtpPort}; ACKs the 200. Fails on any other final response or an answer without a media address.
   */
  Future<Call> call(int index, String number, int rtpPort) {
    String host = "127.0.0.1";
    String uri = "sip:" + number + "@127.0.0.1:" + node.port();
    String contact = "sip:caller" + index + "@" + host + ":" + sip.transport.udpPort();
    String sdp = "v=0\r\no=- " + index + " 1 IN IP4 " + host + "\r\ns=-\r\nc=IN IP4 " + host + "\r\nt=0 0\r\n"
        + "m=audio " + rtpPort + " RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
        + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n";
    SipHeaders h = SipHeaders.builder()
        .add("Max-Forwards", "70")
        .add("From", "<sip:" + FROM_PREFIX + index + "@" + host + ">;tag=" + SipIds.tag())
        .add("To", "<" + uri + ">")
        .add("Call-ID", SipIds.callId(host))
        .add("CSeq", "1 INVITE")
        .add("Contact", "<" + contact + ">")
        .add("Content-Type", "application/sdp")
        .build();
    SipRequest invite = new SipRequest("INVITE", uri, h, sdp.getBytes(StandardCharsets.UTF_8));
    Promise<Call> done = Promise.promise();
    sip.transport.context().runOnContext(v -> sip.layer.send(invite, node).response().onComplete(ar -> {
      if (ar.failed()) {
        done.fail(ar.cause());
        return;
      }
      SipResponse ok = ar.result();
      if (ok.status() != 200) {
        done.fail("INVITE answered " + ok.status());
        return;
      }
      Matcher port = PORT.matcher(ok.bodyText());
      Matcher addr = ADDR.matcher(ok.bodyText());
      if (!port.find() || !addr.find()) {
        done.fail("200 without a media address");
        return;
      }
      Dialog dialog = Dialog.asUac(invite, ok, contact);
      dialogs.put(ok.callId(), dialog);
      sip.layer.sendAck(dialog.ack(1), dialog.nextHop());
      done.complete(new Call(index, dialog,
          new InetSocketAddress(addr.group(1), Integer.parseInt(port.group(1)))));
    }));
    return done.future();
  }

  /** Sends BYE in the call's dialog; completes with the final status. */
  Future<Integer> bye(Call call) {
    Promise<Integer> done = Promise.promise();
    sip.transport.context().runOnContext(v -> sip.layer.send(call.dialog().newRequest("BYE"),
        call.dialog().nextHop()).response().map(SipResponse::status).onComplete(done));
    return done.future();
  }

  /** §13.2.2.4: the UAC ACKs every retransmission of the 2xx. */
  @Override
  public void onStrayResponse(SipResponse r, Destination source) {
    Dialog d = dialogs.get(r.callId());
    if (d != null && r.status() / 100 == 2 && "INVITE".equals(r.cseq().method())) {
      retransmitted2xx.incrementAndGet();
      sip.layer.sendAck(d.ack(r.cseq().number()), d.nextHop());
    }
  }

  @Override
  public void onRequest(ServerTransaction tx) {
    requestsFromNode.incrementAndGet();
    tx.respond(200);
  }

  @Override
  public void close() {
    sip.close();
  }
}
