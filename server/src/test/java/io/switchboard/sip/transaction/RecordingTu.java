package io.switchboard.sip.transaction;

import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import io.switchboard.sip.transport.Destination;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A TU that records every callback and answers requests with {@link #answer} (nothing by default). */
class RecordingTu implements TransactionUser {
  final List<ServerTransaction> requests = new ArrayList<>();
  final List<ServerTransaction[]> cancels = new ArrayList<>();
  final List<SipRequest> acks = new ArrayList<>();
  final List<SipResponse> strays = new ArrayList<>();
  final List<ServerTransaction> timeouts = new ArrayList<>();
  Consumer<ServerTransaction> answer = tx -> {};

  @Override
  public void onRequest(ServerTransaction tx) {
    requests.add(tx);
    answer.accept(tx);
  }

  @Override
  public void onCancel(ServerTransaction cancel, ServerTransaction invite) {
    cancels.add(new ServerTransaction[] {cancel, invite});
    TransactionUser.super.onCancel(cancel, invite);
  }

  @Override
  public void onAck(SipRequest ack, Destination source) {
    acks.add(ack);
  }

  @Override
  public void onStrayResponse(SipResponse response, Destination source) {
    strays.add(response);
  }

  @Override
  public void onServerTimeout(ServerTransaction tx) {
    timeouts.add(tx);
  }
}
