package io.switchboard.webrtc;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import org.ice4j.TransportAddress;
import org.ice4j.socket.IceSocketWrapper;

/**
 * The path from one leg's ICE agent to one browser address over the shared channel. Sends go straight to the
 * channel (any thread). Nothing is received through it: the harvester delivers STUN to the agent's StunStack
 * itself, so {@link #receive} only parks ice4j's Connector thread until close — NetAccessManager gives every
 * registered socket such a thread and a receive that failed would stop the connector, which is also the only way
 * ice4j sends STUN.
 */
final class LoopSocket extends IceSocketWrapper {
  private final LoopHarvester harvester;
  private final LoopCandidate candidate;
  private final TransportAddress remote;
  private final CountDownLatch closed = new CountDownLatch(1);

  LoopSocket(LoopHarvester harvester, LoopCandidate candidate, TransportAddress remote) {
    this.harvester = harvester;
    this.candidate = candidate;
    this.remote = remote;
  }

  LoopCandidate candidate() {
    return candidate;
  }

  TransportAddress remote() {
    return remote;
  }

  SocketAddress remoteSocketAddress() {
    return new java.net.InetSocketAddress(remote.getAddress(), remote.getPort());
  }

  @Override
  public void send(DatagramPacket p) throws IOException {
    if (closed.getCount() == 0) {
      throw new SocketException("closed");
    }
    SocketAddress to = p.getSocketAddress() != null ? p.getSocketAddress() : remote;
    harvester.send(ByteBuffer.wrap(p.getData(), p.getOffset(), p.getLength()), to);
  }

  /** ice4j's Connector thread: parks until close, then fails as a closed socket does. */
  @Override
  public void receive(DatagramPacket p) throws IOException {
    try {
      closed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new SocketException("closed");
  }

  @Override
  public void close() {
    closed.countDown();
  }

  @Override
  public InetAddress getLocalAddress() {
    return harvester.localAddress().getAddress();
  }

  @Override
  public int getLocalPort() {
    return harvester.localAddress().getPort();
  }

  @Override
  public SocketAddress getLocalSocketAddress() {
    return harvester.localAddress();
  }

  @Override
  public Socket getTCPSocket() {
    return null;
  }

  /** Only so that ice4j's NetAccessManager files this socket as UDP; never used for I/O. */
  @Override
  public DatagramSocket getUDPSocket() {
    return harvester.placeholder();
  }
}
