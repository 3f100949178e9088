package io.switchboard.webrtc;

import io.switchboard.media.session.MediaLoop;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.ice4j.StunMessageEvent;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Component;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.ice.harvest.HarvestStatistics;
import org.ice4j.message.Message;
import org.ice4j.stack.RawMessage;
import org.ice4j.stack.StunStack;
import org.ice4j.util.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared WebRTC UDP port read by a {@link MediaLoop} instead of ice4j's receive thread
 * ({@code webrtc.harvester=loops}; design and the ice4j facts it rests on: docs/harvester-design.md).
 *
 * <p>Why: ice4j's harvester thread blocks in {@code receive} and is woken per datagram; on a busy node it preempts
 * the media loop once per browser packet and hands every packet over to it, which set off the backlogs behind the
 * bridged-call tail (docs/benchmarks.md, Bridged calls). Here the loop takes every ready datagram at its poll and media
 * goes to the leg on the same thread.
 *
 * <p>Threading: datagrams are read and demultiplexed on the loop; STUN is handed to {@code stunExecutor} (ice4j's
 * STUN processing takes agent locks and fires listeners: not on a media loop); {@link #harvest} and candidate
 * {@code free} run on ice4j's / the leg's threads; sends come from any thread ({@code DatagramChannel.send} is
 * thread-safe and non-blocking: a full socket buffer drops the datagram).
 */
final class LoopHarvester implements CandidateHarvester, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LoopHarvester.class);
  private static final int RECEIVE_BUFFER = 4 * 1024 * 1024;
  /**
   * Most datagrams read in one poll: the port carries every browser's media, and the loop's call sockets must not
   * wait behind a burst (what is left is read at the next poll, one interval later).
   */
  private static final int MAX_PER_POLL = 512;

  private final DatagramChannel channel;
  private final TransportAddress local;
  private final MediaLoop loop;
  private final Executor stunExecutor;
  private final HarvestStatistics stats = new HarvestStatistics();
  /** Live candidates by local ufrag (one agent, one stream, one component each). */
  private final Map<String, LoopCandidate> candidates = new ConcurrentHashMap<>();
  /** Browser address → its leg's route; added on the loop, removed when the candidate is freed. */
  private final Map<SocketAddress, LoopSocket> routes = new ConcurrentHashMap<>();
  /**
   * ice4j's NetAccessManager treats a socket wrapper as UDP only if it names a DatagramSocket; nothing reads or
   * sends through this one (an unbound placeholder, as ice4j's own per-remote sockets are).
   */
  private final DatagramSocket placeholder;

  /** Binds the port and starts reading it on {@code loop}. */
  LoopHarvester(String host, int port, MediaLoop loop, Executor stunExecutor) throws IOException {
    this.loop = loop;
    this.stunExecutor = stunExecutor;
    this.channel = DatagramChannel.open();
    try {
      channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER); // every leg shares it (see WebRtcNode)
      channel.bind(new InetSocketAddress(host, port));
      InetSocketAddress bound = (InetSocketAddress) channel.getLocalAddress();
      this.local = new TransportAddress(bound.getAddress(), bound.getPort(), Transport.UDP);
      this.placeholder = new DatagramSocket((SocketAddress) null);
      loop.watch(channel, this::onReadable);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  TransportAddress localAddress() {
    return local;
  }

  @Override
  public Collection<LocalCandidate> harvest(Component component) {
    if (component.getParentStream().getComponentCount() != 1
        || component.getParentStream().getParentAgent().getStreamCount() != 1) {
      return List.of(); // demux by ufrag needs one stream with one component (BUNDLE + rtcp-mux)
    }
    String ufrag = component.getParentStream().getParentAgent().getLocalUfrag();
    LoopCandidate c = new LoopCandidate(this, component, ufrag);
    candidates.put(ufrag, c);
    component.addLocalCandidate(c);
    return List.of(c);
  }

  @Override
  public HarvestStatistics getHarvestStatistics() {
    return stats;
  }

  @Override
  public boolean isHostHarvester() {
    return true;
  }

  /** Media loop: reads what is ready (up to {@link #MAX_PER_POLL}), one datagram at a time through the scratch. */
  private void onReadable(SelectionKey key, ByteBuffer scratch) {
    for (int n = 0; n < MAX_PER_POLL; n++) {
      scratch.clear();
      SocketAddress from;
      try {
        from = channel.receive(scratch);
      } catch (IOException e) {
        LOG.debug("webrtc loop harvester receive error={}", e.toString());
        return;
      }
      if (from == null) {
        return;
      }
      scratch.flip();
      byte[] data = new byte[scratch.remaining()]; // the leg may hand it to another thread: it must own it
      scratch.get(data);
      dispatch(data, from);
    }
  }

  private void dispatch(byte[] data, SocketAddress from) {
    LoopSocket route = routes.get(from);
    boolean stun = StunPeek.isStun(data);
    if (route == null) {
      if (!stun) {
        return; // media from an address no check came from: not ours
      }
      String ufrag = StunPeek.localUfrag(data);
      LoopCandidate c = ufrag == null ? null : candidates.get(ufrag);
      if (c == null) {
        return;
      }
      route = c.accept((InetSocketAddress) from);
      if (route == null) {
        return;
      }
    }
    if (stun) {
      deliverStun(route, data);
    } else {
      Component component = route.candidate().getParentComponent();
      component.handleBuffer(new Buffer(data, 0, data.length, null, local, from));
    }
  }

  /** Worker: what ice4j's Connector + MessageProcessingTask would do, minus the two thread hops. */
  private void deliverStun(LoopSocket route, byte[] data) {
    StunStack stack = route.candidate().getStunStack();
    TransportAddress remote = route.remote();
    try {
      stunExecutor.execute(() -> {
        try {
          Message m = Message.decode(data, 0, data.length);
          stack.handleMessageEvent(new StunMessageEvent(stack, RawMessage.build(data, data.length, remote, local), m));
        } catch (Exception e) {
          LOG.debug("webrtc stun dropped error={}", e.toString());
        }
      });
    } catch (RejectedExecutionException closing) {
      LOG.debug("webrtc stun dropped: node closing");
    }
  }

  void send(ByteBuffer datagram, SocketAddress to) throws IOException {
    channel.send(datagram, to);
  }

  DatagramSocket placeholder() {
    return placeholder;
  }

  /** Under the candidate's lock, so that a route is never added after the candidate's {@code free} took its list. */
  void route(SocketAddress remote, LoopSocket s) {
    routes.put(remote, s);
  }

  void forget(String ufrag, LoopCandidate c, Collection<LoopSocket> sockets) {
    candidates.remove(ufrag, c);
    for (LoopSocket s : sockets) {
      routes.remove(s.remoteSocketAddress(), s);
    }
  }

  @Override
  public void close() {
    for (LoopCandidate c : candidates.values().toArray(new LoopCandidate[0])) {
      c.free();
    }
    try {
      channel.close(); // the loop drops the key at its next select
    } catch (IOException e) {
      LOG.debug("webrtc loop harvester close error={}", e.toString());
    }
    placeholder.close();
  }

  MediaLoop loop() {
    return loop;
  }
}
