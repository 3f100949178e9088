package io.switchboard.call;

import io.switchboard.sip.SipHeaders;
import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import io.switchboard.sip.dialog.Dialog;
import io.switchboard.sip.transaction.Cancels;
import io.switchboard.sip.transaction.ClientTransaction;
import io.switchboard.sip.transaction.ServerTransaction;
import io.switchboard.sip.transaction.SipIds;
import io.switchboard.sip.transaction.SipNode;
import io.switchboard.sip.transaction.TransactionLayer;
import io.switchboard.sip.transaction.TransactionUser;
import io.switchboard.sip.transaction.VertxTimers;
import io.switchboard.sip.transport.Destination;
import io.switchboard.sip.transport.Protocol;
import io.switchboard.sip.transport.SipOptions;
import io.switchboard.sip.transport.SocketTransport;
import io.vertx.core.Vertx;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import io.switchboard.media.audio.G711;
import io.switchboard.media.audio.ToneGenerator;
import io.switchboard.media.dtmf.TelephoneEvent;
import io.switchboard.media.rtp.RtpCodec;
import io.switchboard.media.rtp.RtpPacket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A test UAC built from our own SIP stack, plus a plain UDP socket receiving the node's RTP. One call at a
 * time; methods block (call from the JUnit thread).
 */
final class SipCaller implements AutoCloseable, TransactionUser {
  final SocketTransport transport;
  final TransactionLayer layer;
  final DatagramSocket rtp;
  final LinkedBlockingQueue<SipRequest> received = new LinkedBlockingQueue<>();
  private final String host;
  private final Destination node;
  SipRequest invite;
  ClientTransaction inviteTx;
  Dialog dialog;

  SipCaller(Vertx vertx, String bindHost, int nodePort) throws Exception {
    this.host = bindHost;
    this.transport = SocketTransport.start(vertx, SipOptions.DEFAULTS, bindHost, 0, 0).await();
    this.layer = SipNode.on(transport,
        () -> new TransactionLayer(transport, new VertxTimers(transport.context()), SipOptions.DEFAULTS, this));
    transport.listener(layer);
    this.node = new Destination(Protocol.UDP, "127.0.0.1", nodePort);
    this.rtp = new DatagramSocket(0, InetAddress.getByName(bindHost));
    rtp.setSoTimeout(300);
  }

  /** Sends the INVITE and returns the final response (does not ACK). */
  SipResponse invite(String number) {
    return invite(number, null);
  }

  /** As {@link #invite(String)} with {@code sdp} as the offer (null: a valid PCMU offer). */
  SipResponse invite(String number, String offer) {
    invite = inviteRequest(number, offer != null ? offer : pcmuOffer(true), "\"Test Caller\" ");
    inviteTx = SipNode.on(transport, () -> layer.send(invite, node));
    return inviteTx.response().await();
  }

  /**
   * Sends an INVITE with a valid offer, waits for a provisional of {@code provisionalStatus} (up to 5 s), then
   * sends CANCEL; returns the INVITE's final response and the CANCEL's response.
   */
  SipResponse[] inviteThenCancelAfter(String number, int provisionalStatus) throws Exception {
    inviteUntil(number, provisionalStatus);
    ClientTransaction cancel = SipNode.on(transport, () -> layer.send(Cancels.create(inviteTx), node));
    return new SipResponse[] {inviteTx.response().await(), cancel.response().await()};
  }

  /**
   * Sends an INVITE and, at its first {@code provisionalStatus}, a stranger's copy of its CANCEL (same Via branch,
   * Call-ID and tags) from a raw socket on {@code strangerHost}; returns the INVITE's final response.
   */
  SipResponse inviteWithStrangersCancel(String number, int provisionalStatus, String strangerHost)
      throws Exception {
    inviteUntil(number, provisionalStatus);
    byte[] cancel = io.switchboard.sip.SipSerializer.serialize(Cancels.create(inviteTx));
    try (java.net.DatagramSocket stranger = new java.net.DatagramSocket(
        new java.net.InetSocketAddress(strangerHost, 0))) {
      stranger.send(new java.net.DatagramPacket(cancel, cancel.length,
          new java.net.InetSocketAddress(node.host(), node.port())));
    }
    return inviteTx.response().await();
  }

  /**
   * As {@link #inviteThenCancelAfter} but ends the early dialog of the first {@code provisionalStatus} with BYE
   * (RFC 3261 §15) instead of CANCEL; returns the INVITE's final response and the BYE's response.
   */
  SipResponse[] inviteThenByeAfter(String number, int provisionalStatus) throws Exception {
    SipResponse p = inviteUntil(number, provisionalStatus);
    Dialog early = Dialog.asUac(invite, p, "sip:caller@" + host + ":" + transport.udpPort());
    ClientTransaction bye = SipNode.on(transport, () -> layer.send(early.newRequest("BYE"), early.nextHop()));
    return new SipResponse[] {inviteTx.response().await(), bye.response().await()};
  }

  /** Sends an INVITE (PCMU only, no display name) and returns its first provisional of {@code status} (≤ 5 s). */
  private SipResponse inviteUntil(String number, int status) throws InterruptedException {
    LinkedBlockingQueue<SipResponse> provisionals = new LinkedBlockingQueue<>();
    invite = inviteRequest(number, pcmuOffer(false), "");
    inviteTx = SipNode.on(transport, () -> layer.send(invite, node).onProvisional(provisionals::add));
    SipResponse p;
    do {
      p = provisionals.poll(5, TimeUnit.SECONDS);
      if (p == null) {
        throw new AssertionError("no " + status + " within 5 s");
      }
    } while (p.status() != status);
    return p;
  }

  /** A valid offer on our RTP socket: PCMU, plus telephone-event (sendrecv) when {@code withDtmf}. */
  private String pcmuOffer(boolean withDtmf) {
    String head = "v=0\r\no=- 1 1 IN IP4 " + host + "\r\ns=-\r\nc=IN IP4 " + host + "\r\nt=0 0\r\n";
    return withDtmf
        ? head + "m=audio " + rtp.getLocalPort() + " RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=sendrecv\r\n"
        : head + "m=audio " + rtp.getLocalPort() + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
  }

  /** An INVITE for {@code number} at the node; {@code fromDisplay} is put before the From URI as is. */
  private SipRequest inviteRequest(String number, String sdp, String fromDisplay) {
    String uri = "sip:" + number + "@127.0.0.1:" + node.port();
    SipHeaders h = SipHeaders.builder()
        .add("Max-Forwards", "70")
        .add("From", fromDisplay + "<sip:+15557654321@" + host + ">;tag=" + SipIds.tag())
        .add("To", "<" + uri + ">")
        .add("Call-ID", SipIds.callId(host))
        .add("CSeq", "1 INVITE")
        .add("Contact", "<sip:caller@" + host + ":" + transport.udpPort() + ">")
        .add("Content-Type", "application/sdp")
        .build();
    return new SipRequest("INVITE", uri, h, sdp.getBytes(StandardCharsets.UTF_8));
  }


  /** ACKs a 2xx and keeps the dialog. */
  void ack(SipResponse ok) {
    dialog = Dialog.asUac(invite, ok, "sip:caller@" + host + ":" + transport.udpPort());
    SipNode.on(transport, () -> layer.sendAck(dialog.ack(1), dialog.nextHop())).await();
  }

  SipResponse bye() {
    ClientTransaction tx = SipNode.on(transport, () -> layer.send(dialog.newRequest("BYE"), dialog.nextHop()));
    return tx.response().await();
  }

  /** The next RTP packet's payload (PCMU), or null after the socket timeout. */
  byte[] nextRtpPayload() throws Exception {
    byte[] buf = new byte[2048];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    try {
      rtp.receive(p);
    } catch (SocketTimeoutException e) {
      return null;
    }
    int cc = buf[0] & 0x0f;
    int off = 12 + 4 * cc;
    if ((buf[1] & 0x7f) != 0 || p.getLength() <= off) {
      return new byte[0]; // not PCMU (e.g. telephone-event): treat as no audio
    }
    byte[] payload = new byte[p.getLength() - off];
    System.arraycopy(buf, off, payload, 0, payload.length);
    return payload;
  }

  /**
   * Sends one RFC 4733 key press from the RTP socket to the media address in {@code ok}'s SDP answer: payload type
   * 101, three packets of growing duration (the first with the marker) then the end packet three times, all with
   * the event's start timestamp.
   */
  void sendDtmf(SipResponse ok, char digit, long rtpTimestamp) throws Exception {
    Matcher port = Pattern.compile("m=audio (\\d+)").matcher(ok.bodyText());
    Matcher addr = Pattern.compile("c=IN IP4 (\\S+)").matcher(ok.bodyText());
    if (!port.find() || !addr.find()) {
      throw new IllegalStateException("no media address in " + ok.bodyText());
    }
    InetAddress to = InetAddress.getByName(addr.group(1));
    int toPort = Integer.parseInt(port.group(1));
    int event = TelephoneEvent.eventOf(digit);
    for (int i = 1; i <= 6; i++) {
      boolean end = i > 3;
      int duration = Math.min(i, 4) * 160;
      byte[] payload = new TelephoneEvent(event, end, 10, duration).serialize();
      byte[] packet = RtpCodec.serialize(RtpPacket.of(i == 1, 101, dtmfSeq++, rtpTimestamp, 0x5eed, payload));
      rtp.send(new DatagramPacket(packet, packet.length, to, toPort));
      Thread.sleep(i < 4 ? 20 : 2);
    }
  }

  private int dtmfSeq = 1000;

  /** Sends one RTP packet from the RTP socket to the media address in {@code ok}'s SDP answer. */
  void sendRtp(SipResponse ok, RtpPacket p) throws Exception {
    Matcher port = Pattern.compile("m=audio (\\d+)").matcher(ok.bodyText());
    Matcher addr = Pattern.compile("c=IN IP4 (\\S+)").matcher(ok.bodyText());
    if (!port.find() || !addr.find()) {
      throw new IllegalStateException("no media address in " + ok.bodyText());
    }
    byte[] packet = RtpCodec.serialize(p);
    rtp.send(new DatagramPacket(packet, packet.length, InetAddress.getByName(addr.group(1)),
        Integer.parseInt(port.group(1))));
  }

  /**
   * The packets arriving on the RTP socket until none came for 30 ms, for at most 200 ms (music never pauses: the
   * bound keeps a drain during music short).
   */
  List<RtpPacket> drainRtp() throws Exception {
    List<RtpPacket> out = new ArrayList<>();
    rtp.setSoTimeout(30);
    long deadline = System.nanoTime() + 200_000_000L;
    try {
      for (RtpPacket p = nextRtpPacket(); p != null; p = nextRtpPacket()) {
        out.add(p);
        if (System.nanoTime() - deadline > 0) {
          break;
        }
      }
    } finally {
      rtp.setSoTimeout(300);
    }
    return out;
  }

  /** One 20 ms PCMU payload of a {@code hz} tone. */
  static byte[] ulawTone(double hz) {
    byte[] b = new byte[160];
    G711.encodeUlaw(ToneGenerator.samples(hz, 8000, 160), b);
    return b;
  }

  /** PCMU payload → linear samples. */
  static short[] pcm(byte[] ulaw) {
    short[] s = new short[ulaw.length];
    G711.decodeUlaw(ulaw, 0, ulaw.length, s);
    return s;
  }

  /** The next RTP packet the node sent (any payload type), or null after the socket timeout. */
  RtpPacket nextRtpPacket() throws Exception {
    byte[] buf = new byte[2048];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    try {
      rtp.receive(p);
    } catch (SocketTimeoutException e) {
      return null;
    }
    return RtpCodec.parse(buf, 0, p.getLength());
  }

  SipRequest nextRequest(long seconds) throws InterruptedException {
    return received.poll(seconds, TimeUnit.SECONDS);
  }

  @Override
  public void onRequest(ServerTransaction tx) {
    received.add(tx.request());
    tx.respond(200);
  }

  @Override
  public void close() {
    rtp.close();
    transport.close().await();
  }
}
