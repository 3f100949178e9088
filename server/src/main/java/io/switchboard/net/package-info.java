/**
 * Address rules shared by the SIP, RTP and WebRTC layers (what a bind host means for the addresses a node hands
 * out). No I/O here.
 */
package io.switchboard.net;
