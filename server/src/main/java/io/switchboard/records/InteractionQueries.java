package io.switchboard.records;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Reads of the interaction records and of the agents' state history, for the API. Blocking (JDBC): call it only on
 * a worker thread. Every read is of one tenant.
 */
public interface InteractionQueries {
  /** The largest page {@link #search} returns. */
  int MAX_PAGE = 200;

  /**
   * A search: interactions of {@code tenant} that arrived in [from, to) (null: unbounded), newest first, each
   * non-null filter applied: queue (first or final queue), agent (offered the call at least once), caller (exact),
   * disposition (exact), outcome; and when {@code among} is not null, only the calls offered at least once to one
   * of those agents (a team leader's members; empty: none).
   */
  record Filter(String tenant, Instant from, Instant to, String queue, String agent, String caller,
      String disposition, String outcome, int limit, Cursor after, java.util.Set<String> among) {
    public Filter {
      among = among == null ? null : java.util.Set.copyOf(among);
    }

    /** A search over every agent's calls. */
    public Filter(String tenant, Instant from, Instant to, String queue, String agent, String caller,
        String disposition, String outcome, int limit, Cursor after) {
      this(tenant, from, to, queue, agent, caller, disposition, outcome, limit, after, null);
    }
  }

  /** Where a page ended: the last row's arrival and call id (rows are ordered by both, descending). */
  record Cursor(long arrivedAtMillis, String callId) {
    /** An opaque token for the API. */
    public String encode() {
      return Base64.getUrlEncoder().withoutPadding()
          .encodeToString((arrivedAtMillis + ":" + callId).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor of {@link #encode}; {@link IllegalArgumentException} when {@code token} is not one. */
    public static Cursor decode(String token) {
      String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      int colon = s.indexOf(':');
      if (colon < 1 || colon == s.length() - 1) {
        throw new IllegalArgumentException("not a cursor");
      }
      return new Cursor(Long.parseLong(s.substring(0, colon)), s.substring(colon + 1));
    }
  }

  /**
   * One page: its rows (without legs; timeline included) and the cursor of the next page (null: none).
   *
   * @param channels each item's {@code interactions.channel} by call id: voice, chat or email (an e-mail
   *     conversation is a {@code chat-<uuid>} too; only the row tells them apart)
   */
  record Page(List<Interaction> items, Cursor next, java.util.Map<String, String> channels) {
    public Page {
      items = List.copyOf(items);
      channels = java.util.Map.copyOf(channels);
    }

    /** The channel of item {@code callId} (voice when the page does not know it). */
    public String channel(String callId) {
      return channels.getOrDefault(callId, "voice");
    }
  }

  /**
   * One interval of an agent's state history, clipped to the range asked.
   *
   * @param to when it ended, epoch ms; {@code open} when it had not ended by then (the range ended, or now)
   */
  record StateInterval(String state, String reason, long from, long to, boolean open) {}

  Page search(Filter filter) throws Exception;

  /** The interaction with its timeline and legs; empty when the tenant has no such call. */
  Optional<Interaction> get(String tenant, String callId) throws Exception;

  /** Agent {@code agent}'s states overlapping [from, to), in order, clipped to it (and to {@code now}). */
  List<StateInterval> agentStates(String tenant, String agent, Instant from, Instant to, Instant now) throws Exception;
}
