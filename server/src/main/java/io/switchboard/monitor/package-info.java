/**
 * Supervision of live calls (listen, whisper, barge): the modes and who hears whom ({@link
 * io.switchboard.monitor.MonitorMode}) and the contract between signaling and the node holding the call ({@link
 * io.switchboard.monitor.Monitoring}, implemented in {@code call}). Depends on nothing of ours but Vert.x futures.
 * docs/supervision.md.
 */
package io.switchboard.monitor;
