/**
 * The ACD: calls waiting in Redis, agents' states, routing, reservations with deadlines, wrap-up, and the
 * tenant's event stream. {@link io.switchboard.acd.RedisAcd} implements {@link io.switchboard.acd.Acd} with
 * one Lua script per operation ({@code src/main/resources/lua/acd-*.lua}, each prefixed with the definitions it
 * uses of {@code acd-lib.lua} and {@code acd-region.lua}, picked by {@link io.switchboard.acd.LuaLibrary});
 * {@link io.switchboard.acd.AcdSweeper} expires deadlines on every node.
 *
 * <h2>Key layout</h2>
 * Every key of tenant {@code t} starts with {@code sb:{t}} (one Redis Cluster slot). Scripts receive only
 * {@code KEYS[1] = sb:{t}} and build the rest from it.
 * <pre>
 * sb:{t}:acd:seq                     INCR: per-tenant enqueue sequence (FIFO tie-break, never the clock)
 * sb:{t}:acd:call:&lt;callId&gt;           hash: queue priority score enqueuedAt state(waiting|reserved|connected|
 *                                    ended|abandoned) agent deadline answeredAt endedAt endedBy talkSeconds
 *                                    disposition notes cbAt (a campaign call's call-back time the agent
 *                                    picked, epoch ms) overflowedFrom direct (1 = transferred to an agent:
 *                                    already counted answered in its queue, not counted again), and when given:
 *                                    skills(JSON) language caller callerName region node overflowAt widenAt
 *                                    (ms when it may go to agents of any region; absent = at once); expires
 *                                    2 days after it ends; an outbound call (acd-dial.lua)
 *                                    has direction=outbound, caller (the number dialed), callerId, trunk, dialFrom
 *                                    (available|away), dialReason, outcome (when unanswered), and no waiting place
 *                                    a callback (acd-callback.lua) has callback (the number), cbAttempts,
 *                                    cbRetryMs, cbAttempt (attempts made), no node while it waits, cbOutcome
 *                                    (the last attempt's outcome); a campaign's call (acd-campaign-call.lua) also
 *                                    campaign and contact; a case of a backlog (acd-case.lua: id case-&lt;caseId&gt;)
 *                                    has caseId caseSubject casePriority caseDue, no node, and waits in :cases
 * sb:{t}:acd:q:&lt;queue&gt;:waiting       zset callId -> score = (100 - priority) * 1e13 + seq: ascending order is
 *                                    higher priority first, then FIFO; comparable across queues; a call that
 *                                    comes back (reject, no answer, disconnect) keeps its score = its place
 * sb:{t}:acd:q:&lt;queue&gt;:waiting:r:&lt;region&gt;  zset: the waiting calls of that region not yet widened
 *                                    (same score as :waiting)
 * sb:{t}:acd:q:&lt;queue&gt;:waiting:wide  zset: the other waiting calls (widened, or without a region)
 * sb:{t}:acd:q:&lt;queue&gt;:since         zset callId -> enqueuedAt ms (the oldest waiting call, for stats)
 * sb:{t}:acd:q:&lt;queue&gt;:cases         zset case-&lt;id&gt; -> rank: the queue's backlog of cases (docs/cases.md), offered
 *                                    lowest rank first to an agent becoming idle only when no waiting call fits it
 * sb:{t}:acd:q:&lt;queue&gt;:idle          zset agentId -> strategy score, lowest offered first:
 *                                      longest-idle    idle-since ms
 *                                      round-robin     value of :rr stamped on the agent when last offered
 *                                                      a call of this queue (0 = never)
 *                                      fewest-calls    calls today * 1e10 + idle-since seconds
 *                                      least-talk-time talk seconds today * 1e10 + idle-since seconds
 * sb:{t}:acd:q:&lt;queue&gt;:idle:r:&lt;region&gt;  zset: the idle agents of that region (same score as :idle)
 * sb:{t}:acd:q:&lt;queue&gt;:idle:any      zset: the idle agents without a region (same score as :idle)
 * sb:{t}:acd:q:&lt;queue&gt;:rr            INCR: round-robin counter of the queue
 * sb:{t}:acd:agent:&lt;agentId&gt;         hash: state(offline|available|reserved|on-call|wrap-up|away) reason since
 *                                    node callId queues(JSON) skills(JSON) languages(JSON) region team
 *                                    name (directory displayName, for the wallboard) idleSince day calls talk rr:&lt;queue&gt; wrapDeadline pending pendingReason
 *                                    (queues/skills/languages/region are a snapshot of the directory taken when
 *                                    the agent logs in or goes available)
 * sb:{t}:acd:agents:&lt;state&gt;          set of agent ids in that state (counts for stats)
 * sb:{t}:acd:reservations            zset callId -> offer deadline ms (now + queue noAnswerSeconds)
 * sb:{t}:acd:wrapups                 zset agentId -> wrap-up deadline ms (now + queue wrapUpSeconds)
 * sb:{t}:acd:callback-retry          zset callId -> ms when a callback whose attempt failed is offered again (then
 *                                    back in its waiting set at its own score; docs/callbacks.md)
 * sb:{t}:acd:closed-queues          set of queues whose business hours are closed, as the nodes tell it
 *                                    (acd-hours.lua): their callbacks wait at their place, never offered
 * sb:{t}:acd:overflow                zset callId -> ms when the call exceeds its queue's maxWaitSeconds
 *                                    (only for queues with an overflowQueue)
 * sb:{t}:acd:widen                   zset callId -> widenAt ms of the calls waiting in their own region (swept)
 * sb:{t}:campaign:&lt;id&gt;:pacer       string: the node pacing the campaign, PX campaigns.lease-ms (not the ACD's:
 *                                    campaigns.RedisPacerLease)
 * sb:{t}:acd:queues                  set of queue ids that ever had a call (stats also list the directory's)
 * sb:{t}:acd:trunk:&lt;trunkId&gt;:calls  hash callId -> "&lt;node&gt; &lt;ms taken&gt;": the calls holding a slot of the trunk
 *                                    (HLEN against its maxConcurrentCalls; {@link io.switchboard.acd.TrunkSlots})
 * sb:{t}:acd:node:&lt;node&gt;:trunk-calls hash callId -> trunkId: the slots that node holds (given back when it dies)
 * sb:{t}:acd:stats:&lt;yyyymmdd&gt;:&lt;queue&gt; hash offered answered answeredInTarget abandoned lost closed (UTC day; 3-day TTL)
 * sb:{t}:acd:q:&lt;queue&gt;:staffed      set of agents staffed for the queue (available, reserved, on-call, wrap-up and
 *                                    eligible; away and offline leave it; the agent hash's staffedIn lists them)
 * sb:{t}:acd:handle                  hash queue -> recent handle time ms (talk + wrap-up, weight 0.1 to the newest,
 *                                    updated as a wrap-up ends): with staffed, the wait estimate's inputs
 * sb:{t}:events                      stream, MAXLEN ~ acd.event-stream-max-len; one entry per atomic change:
 *                                    type ts node [callId agentId queue state agentState reason priority
 *                                    deadline waitMs talkSeconds by disposition notes from to region
 *                                    agentRegion]
 * </pre>
 * <p>Event types: {@code call.enqueued call.reserved call.accepted call.rejected call.revoked call.ended
 * call.abandoned call.closed call.overflowed call.transferred call.widened call.dtmf wrapup.done agent.state
 * backlog.queued backlog.withdrawn call.dialed call.dial.answered call.dial.failed} (the last three: click-to-dial, {@code acd-dial*.lua}; fields
 * direction outbound, number, callerId, outcome; {@code backlog.*}: a case entered or left a backlog, acd-case.lua, with
 * caseId)
 * ({@code call.closed}: its queue's business hours closed on it; {@code atArrival} 1 when it was never queued; {@code call.dtmf}: digit,
 * durationMs; appended by {@code acd-dtmf.lua} for the call's SIP node). {@code region} is the
 * call's in call events (when it has one; {@code call.lost} too) and the agent's in {@code agent.state} and
 * {@code agent.attached}; {@code call.reserved} also
 * names the agent's as {@code agentRegion}. {@code state} is the call's new state in call
 * events and the agent's in {@code agent.state}; a call event that also moves the agent names the agent's
 * new state in {@code agentState} (reserved, on-call, wrap-up, away after a reject or no answer, offline after
 * a disconnect) instead of a separate {@code agent.state} entry. {@code node} is the node that ran the script.
 *
 * <p>Read, never written here: {@code sb:{t}:dir:queue:<id>}, {@code sb:{t}:dir:agent:<id>} (JSON documents of
 * the directory) and {@code sb:{t}:dir:queue} (queue index, for stats).
 *
 * <h2>Scripts</h2>
 * ARGV[1..7] = now (the calling node's clock, ms), UTC day, calling node id, routeScanCalls,
 * routeScanAgents, event stream length, tenant; operation arguments follow. Each script checks everything
 * that can refuse the operation before its first write (Redis does not roll a script back), then changes
 * state, appends events and PUBLISHes signaling messages to {@code sb:node:<agent's node>} (or, about a call, to
 * {@code sb:node:<call's node>}). Every message a script publishes is one of the records of
 * {@link io.switchboard.cluster.wire} and must decode with its codec ({@code AcdBusContractIT} runs each script). A refusal is the
 * error reply {@code ACD:<code>:<message>}, surfaced as {@link io.switchboard.acd.AcdException}.
 *
 * <h2>Routing</h2>
 * Runs inside the script of the change that makes something routable, and is incremental: between scripts
 * no waiting call has an eligible agent among the first routeScanAgents idle agents of its queue, so
 * <ul>
 *   <li>a call that starts waiting (enqueue, reject, no answer, disconnect, overflow, transfer to a queue, and
 *       widening) is offered to the first of the first routeScanAgents idle agents of its queue (strategy order;
 *       until it widens, only those of its region and those without one) that has every required skill
 *       (the queue's and the call's; the stricter minimum wins) and speaks the call's language, or the
 *       queue's; only when nobody fits does it enter the waiting set;
 *   <li>an agent that becomes idle (available, wrap-up over, its offer abandoned) takes the best call it can
 *       serve among the first routeScanCalls waiting calls of each of its queues (with a region: its region's
 *       and the widened ones), merged best score first
 *       (highest priority, then longest waiting, across queues); only when none fits does it enter the idle
 *       sets, and only of the queues whose own requirements it meets (so agents who can never serve a queue
 *       cannot pile up at its head and exhaust every scan); when no waiting call fits, it is offered the first case
 *       of its queues' backlogs ({@code :cases}, acd-case.lua) before it enters them.
 * </ul>
 * A match reserves both in the same script, so two nodes can never hand out one call or one agent twice.
 * A call nobody can take does not block the calls behind it. Known limits: a pair beyond both scan windows
 * waits for the next event; an agent enters the idle sets of queues whose requirements changed since only
 * when it next becomes available; a call widens at the first sweep, or the first agent becoming idle, after
 * its widenAt, not at the instant.
 *
 * <h2>Regions</h2>
 * {@code acd-region.lua} states the contract: a call with a region is offered to agents of that region and to
 * agents without one until {@code widenAt} (enqueue + the queue's {@code regionWideningSeconds}, default 5,
 * 0 = at once; restarted by a transfer to a queue, kept by an overflow), then to anyone; an agent without a
 * region serves every region at once. docs/architecture.md explains the per-region sets.
 *
 * <h2>Transfer</h2>
 * {@code acd-transfer.lua}: a connected call moves to a queue (waits there anew: fresh enqueue time and place,
 * counted offered, routed like a new call) or is reserved at once for an available agent (a direct offer
 * that, when it expires or is rejected, sends the call back to its original queue and place); the
 * transferring agent goes to wrap-up as after a hang-up. With a wrap-up time of 0 the transferring agent is
 * available again in the same script and, if it serves the target queue and nobody else took the call, may
 * be offered its own transfer back.
 *
 * <h2>Agent states</h2>
 * See {@link io.switchboard.acd.AgentState}. In addition to the diagram: offline → away is allowed (log in on
 * a break); asking for away or offline during wrap-up is remembered and applied when wrap-up ends (available
 * cancels that request); asking for the state one is already in refreshes it (available re-reads the
 * directory and keeps the agent's place).
 */
package io.switchboard.acd;
