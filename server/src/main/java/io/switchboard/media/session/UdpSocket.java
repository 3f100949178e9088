package io.switchboard.media.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.util.NetUtil;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.internal.VertxInternal;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * One UDP socket of a media endpoint: a Netty datagram channel on a Vert.x event loop (Vert.x's transport, so
 * epoll when Vert.x uses it), written to directly with an already-resolved {@link InetSocketAddress}.
 *
 * <p>Why not Vert.x's {@code DatagramSocket}: its {@code send(buffer, port, host)} resolves the host on every call
 * and writes from the resolver's completion, which under load is sometimes deferred (by up to ~1 s measured), so
 * packets were delayed and reordered (docs/benchmarks.md, Media). Here the peer's address is resolved once per
 * change of peer ({@link Target}) and each packet is one {@code write} on the channel's own loop: order is the call
 * order, no promise, no task per packet when called on the loop.
 *
 * <p>Threading: {@link #send} from any thread (on the loop it writes inline; elsewhere Netty queues the write in
 * call order). The receive callback runs on the loop.
 */
final class UdpSocket {
  /** Receives one datagram: a copy of its bytes and the sender (the same Peer object while the sender is unchanged). */
  interface Receiver {
    void onDatagram(byte[] data, Peer from);
  }

  /** A peer and its resolved address; an immutable pair so one volatile read gives a consistent view. */
  record Target(Peer peer, InetSocketAddress address) {}

  private final VertxInternal vertx;
  private final DatagramChannel channel;
  private final MediaCounters counters;
  private volatile Target target;
  private volatile Peer resolving;

  private UdpSocket(VertxInternal vertx, DatagramChannel channel, MediaCounters counters) {
    this.vertx = vertx;
    this.channel = channel;
    this.counters = counters;
  }

  /** Binds {@code host:port} on {@code loop}; the receiver gets every datagram from then on. */
  static Future<UdpSocket> bind(VertxInternal vertx, EventLoop loop, String host, int port, int receiveBuffer,
      MediaCounters counters, Receiver receiver) {
    InetAddress bindAddress = literal(host);
    if (bindAddress == null) {
      return Future.failedFuture(new IllegalArgumentException("media.bind-host must be an IP literal: " + host));
    }
    InternetProtocolFamily family = bindAddress.getAddress().length == 16
        ? InternetProtocolFamily.IPv6 : InternetProtocolFamily.IPv4;
    DatagramChannel ch = vertx.transport().datagramChannel(family);
    vertx.transport().configure(ch, new DatagramSocketOptions().setReceiveBufferSize(receiveBuffer));
    UdpSocket socket = new UdpSocket(vertx, ch, counters);
    ch.pipeline().addLast(socket.new Inbound(receiver));
    Promise<UdpSocket> bound = Promise.promise();
    loop.register(ch).addListener(reg -> {
      if (!reg.isSuccess()) {
        bound.fail(reg.cause());
        return;
      }
      ch.bind(new InetSocketAddress(bindAddress, port)).addListener(b -> {
        if (b.isSuccess()) {
          bound.complete(socket);
        } else {
          ch.close();
          bound.fail(b.cause());
        }
      });
    });
    return bound.future();
  }

  /** The address for an IP literal without any lookup, or null if {@code host} is not a literal. */
  static InetAddress literal(String host) {
    return NetUtil.createInetAddressFromIpAddressString(host);
  }

  /**
   * Sends {@code packet} to {@code to}. The address is resolved once per peer: an IP literal at once; a host name
   * (allowed in SDP c=) by Vert.x's resolver in the background, packets meanwhile dropped and counted
   * ({@code resolving-peer}). Also dropped and counted when the socket's outbound buffer is over its high-water mark
   * ({@code send-queue-full}: late audio is useless).
   */
  void send(byte[] packet, Peer to) {
    Target t = target;
    if (t == null || !t.peer().equals(to)) {
      t = resolve(to);
      if (t == null) {
        counters.rejected("resolving-peer");
        return;
      }
    }
    if (!channel.isWritable()) {
      counters.rejected("send-queue-full");
      return;
    }
    ByteBuf buf = channel.alloc().directBuffer(packet.length).writeBytes(packet);
    channel.writeAndFlush(new DatagramPacket(buf, t.address()), channel.voidPromise());
  }

  private Target resolve(Peer to) {
    InetAddress a = literal(to.host());
    if (a != null) {
      Target t = new Target(to, new InetSocketAddress(a, to.port()));
      target = t;
      return t;
    }
    if (!to.equals(resolving)) {
      resolving = to;
      vertx.nameResolver().resolve(channel.eventLoop(), to.host()).addListener(f -> {
        if (f.isSuccess()) {
          target = new Target(to, new InetSocketAddress((InetAddress) f.getNow(), to.port()));
        } else {
          counters.rejected("peer-unresolvable");
        }
      });
    }
    return null;
  }

  /** Closes after the writes already queued (on the loop, in order). */
  Future<Void> close() {
    Promise<Void> closed = Promise.promise();
    channel.close().addListener(f -> closed.complete());
    return closed.future();
  }

  private final class Inbound extends SimpleChannelInboundHandler<DatagramPacket> {
    private final Receiver receiver;
    private InetSocketAddress lastSender;
    private Peer lastPeer;

    Inbound(Receiver receiver) {
      this.receiver = receiver;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
      ByteBuf c = p.content();
      byte[] data = new byte[c.readableBytes()];
      c.getBytes(c.readerIndex(), data);
      InetSocketAddress s = p.sender();
      if (!s.equals(lastSender)) { // one Peer (and one host string) per sender, not per packet
        lastSender = s;
        lastPeer = new Peer(NetUtil.toAddressString(s.getAddress()), s.getPort());
      }
      receiver.onDatagram(data, lastPeer);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      counters.rejected("send-failed"); // void-promise writes report failures here (e.g. ICMP unreachable)
    }
  }
}
