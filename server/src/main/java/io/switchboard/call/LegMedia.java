package io.switchboard.call;

import io.switchboard.media.MediaNode;
import io.switchboard.media.MediaNode.CallMedia;
import io.switchboard.media.sdp.SdpException;
import java.util.function.Supplier;

/**
 * {@link InDialog.Media} on this node's own media for one call leg, inbound or outbound: new offers answered and
 * answers to our offers applied by {@link MediaNode} on the leg's running session. Event loop only, like
 * {@link InDialog}.
 */
final class LegMedia implements InDialog.Media {
  private final MediaNode node;
  private final Supplier<CallMedia> running;

  /** @param running the leg's session, null while it has not started (a late offer whose ACK is still due) */
  LegMedia(MediaNode node, Supplier<CallMedia> running) {
    this.node = node;
    this.running = running;
  }

  @Override
  public InDialog.Answer reanswer(String lastSdp, String offer) throws SdpException {
    CallMedia m = running();
    return new InDialog.Answer(node.reanswer(m, lastSdp, offer), m.session().output().held());
  }

  @Override
  public String offer(String lastSdp) throws SdpException {
    return node.reoffer(running(), lastSdp);
  }

  @Override
  public InDialog.Applied applyAnswer(String ourOffer, String answer) throws SdpException {
    CallMedia m = running();
    boolean changed = node.applyAnswer(m, ourOffer, answer);
    return new InDialog.Applied(changed, m.session().output().held());
  }

  private CallMedia running() throws SdpException {
    CallMedia m = running.get();
    if (m == null) {
      throw new SdpException(SdpException.Kind.NOT_ACCEPTABLE, "sdp", "the answer to our offer is still pending");
    }
    return m;
  }
}
