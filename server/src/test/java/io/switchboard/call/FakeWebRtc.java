package io.switchboard.call;

import io.switchboard.media.sdp.SdpException;
import io.switchboard.webrtc.WebRtcEndpoint;
import io.switchboard.webrtc.WebRtcLeg;
import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link WebRtcEndpoint} handing out {@link FakeLeg}s (telephone-event PT 111): the bridge IT's browser side
 * until the real WebRTC node and its Java test peer are on main. An offer without a UDP/TLS/RTP/SAVPF audio section is refused as the
 * real endpoint would refuse an unusable one.
 */
final class FakeWebRtc implements WebRtcEndpoint {
  final List<FakeLeg> legs = new CopyOnWriteArrayList<>();

  @Override
  public Future<WebRtcLeg> answer(String offerSdp, WebRtcLeg.Listener listener) {
    if (!offerSdp.contains("m=audio") || !offerSdp.contains("UDP/TLS/RTP/SAVPF")) {
      return Future.failedFuture(new SdpException(SdpException.Kind.NOT_ACCEPTABLE, "m",
          "no UDP/TLS/RTP/SAVPF audio section"));
    }
    FakeLeg leg = new FakeLeg(listener, 111);
    legs.add(leg);
    return Future.succeededFuture(leg);
  }

  @Override
  public int activeLegs() {
    return (int) legs.stream().filter(l -> l.state() != WebRtcLeg.State.CLOSED).count();
  }

  FakeLeg last() {
    return legs.get(legs.size() - 1);
  }
}
