/**
 * Third parties on live calls: supervision (listen, whisper, barge: the modes and who hears whom, {@link
 * io.switchboard.monitor.MonitorMode}) and an agent's consult of a colleague; the contracts between signaling and the
 * node holding the call ({@link io.switchboard.monitor.Monitoring}, {@link io.switchboard.monitor.Consulting}, both
 * implemented in {@code call}). Depends on nothing of ours but Vert.x futures. docs/supervision.md, docs/consult.md.
 */
package io.switchboard.monitor;
