package io.switchboard.media.session;

import io.netty.util.NetUtil;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.VertxInternal;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.concurrent.RejectedExecutionException;

/**
 * One UDP socket of a media endpoint: a non-blocking NIO datagram channel read by one {@link MediaLoop} and written
 * to directly, from any thread, with an already-resolved {@link InetSocketAddress}.
 *
 * <p>Why sends do not hop to the loop: a relayed packet arrives on another thread (the WebRTC receive thread); a
 * hand-off per packet costs a queued task and often a wake-up of the loop, which on our VMs is the dominant cost
 * (see {@link MediaLoop}). {@code DatagramChannel.send} is thread-safe and never blocks here (non-blocking channel:
 * a full socket buffer drops the packet, counted). The peer's address is resolved once per change of peer
 * ({@link Target}): Vert.x's {@code send(buffer, port, host)} resolved it per packet and delayed and reordered
 * packets under load (docs/benchmarks.md, Media).
 *
 * <p>Threading: {@link #send} from any thread; the receiver runs on the loop; {@link #close} from any thread.
 */
final class UdpSocket implements MediaLoop.Readable {
  /**
   * Receives one datagram: its bytes {@code data[0, len)} and the sender (the same Peer object while the sender is
   * unchanged). The bytes are the loop's scratch, valid only during the call: copy what you keep.
   */
  interface Receiver {
    void onDatagram(byte[] data, int len, Peer from);
  }

  /** Datagrams read from one socket per poll at most: a call sends one per 20 ms, a backlog drains in a few polls. */
  static final int READS_PER_POLL = 32;

  /** A peer and its resolved address; an immutable pair so one volatile read gives a consistent view. */
  record Target(Peer peer, InetSocketAddress address) {}

  private final VertxInternal vertx;
  private final MediaLoop loop;
  private final DatagramChannel channel;
  private final MediaCounters counters;
  private final Receiver receiver;
  private volatile Target target;
  private volatile Peer resolving;
  private SelectionKey key; // loop thread
  private SocketAddress lastSender; // loop thread
  private Peer lastPeer; // loop thread

  private UdpSocket(VertxInternal vertx, MediaLoop loop, DatagramChannel channel, MediaCounters counters,
      Receiver receiver) {
    this.vertx = vertx;
    this.loop = loop;
    this.channel = channel;
    this.counters = counters;
    this.receiver = receiver;
  }

  /** Binds {@code host:port} and registers it with {@code loop}; the receiver gets every datagram from then on. */
  static Future<UdpSocket> bind(VertxInternal vertx, MediaLoop loop, String host, int port, int receiveBuffer,
      MediaCounters counters, Receiver receiver) {
    InetAddress bindAddress = literal(host);
    if (bindAddress == null) {
      return Future.failedFuture(new IllegalArgumentException("media.bind-host must be an IP literal: " + host));
    }
    DatagramChannel ch = null;
    try {
      ch = DatagramChannel.open(bindAddress.getAddress().length == 16
          ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
      ch.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
      ch.bind(new InetSocketAddress(bindAddress, port));
      ch.configureBlocking(false);
    } catch (IOException e) {
      closeQuietly(ch);
      return Future.failedFuture(e);
    }
    UdpSocket socket = new UdpSocket(vertx, loop, ch, counters, receiver);
    Promise<UdpSocket> registered = Promise.promise();
    DatagramChannel bound = ch;
    try {
      loop.execute(() -> {
        try {
          socket.key = loop.register(bound, socket);
          registered.complete(socket);
        } catch (IOException | RuntimeException e) {
          closeQuietly(bound);
          registered.fail(e);
        }
      });
    } catch (RejectedExecutionException e) { // the node is shutting down
      closeQuietly(bound);
      return Future.failedFuture(e);
    }
    return registered.future();
  }

  /** The address for an IP literal without any lookup, or null if {@code host} is not a literal. */
  static InetAddress literal(String host) {
    return NetUtil.createInetAddressFromIpAddressString(host);
  }

  /**
   * Sends {@code packet} to {@code to}. The address is resolved once per peer: an IP literal at once; a host name
   * (allowed in SDP c=) by Vert.x's resolver in the background, packets meanwhile dropped and counted
   * ({@code resolving-peer}). Also dropped and counted when the socket's send buffer is full ({@code send-queue-full}:
   * late audio is useless) or the send fails ({@code send-failed}).
   */
  void send(byte[] packet, Peer to) {
    send(packet, packet.length, to);
  }

  /** {@link #send(byte[], Peer)} of {@code packet[0, len)}; the bytes are copied out before this returns. */
  void send(byte[] packet, int len, Peer to) {
    Target t = target;
    if (t == null || !t.peer().equals(to)) {
      t = resolve(to);
      if (t == null) {
        counters.rejected("resolving-peer");
        return;
      }
    }
    try {
      if (channel.send(ByteBuffer.wrap(packet, 0, len), t.address()) == 0) {
        counters.rejected("send-queue-full");
      }
    } catch (ClosedChannelException e) {
      // closing: the call is over
    } catch (IOException | RuntimeException e) {
      counters.rejected("send-failed");
    }
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
      vertx.nameResolver().resolve(to.host()).onComplete(ar -> {
        if (ar.succeeded()) {
          target = new Target(to, new InetSocketAddress(ar.result(), to.port()));
        } else {
          counters.rejected("peer-unresolvable");
        }
      });
    }
    return null;
  }

  /**
   * Loop thread: reads what is queued, up to {@link #READS_PER_POLL} datagrams (the rest waits for the next poll,
   * so one busy socket cannot starve the others on the loop).
   */
  @Override
  public void onReadable(SelectionKey readyKey, ByteBuffer scratch) {
    for (int i = 0; i < READS_PER_POLL; i++) {
      scratch.clear();
      SocketAddress from;
      try {
        from = channel.receive(scratch);
      } catch (IOException e) {
        counters.rejected("receive-failed"); // e.g. ICMP port unreachable reported on the socket
        return;
      }
      if (from == null) {
        return;
      }
      if (!from.equals(lastSender)) { // one Peer (and one host string) per sender, not per packet
        InetSocketAddress s = (InetSocketAddress) from;
        lastSender = from;
        lastPeer = new Peer(NetUtil.toAddressString(s.getAddress()), s.getPort());
      }
      receiver.onDatagram(scratch.array(), scratch.position(), lastPeer);
    }
  }

  /** Deregisters and closes the socket on its loop; completes once the port is free again. */
  Future<Void> close() {
    Promise<Void> closed = Promise.promise();
    try {
      loop.execute(() -> {
        loop.closeChannel(key, channel);
        closed.complete();
      });
    } catch (RejectedExecutionException e) { // the node is shutting down
      closeQuietly(channel);
      closed.complete();
    }
    return closed.future();
  }

  private static void closeQuietly(DatagramChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // nothing left to free
      }
    }
  }
}
