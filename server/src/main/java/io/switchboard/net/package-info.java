/**
 * Address rules shared by the SIP, RTP and WebRTC layers: what a bind host means for the addresses a node hands
 * out ({@link io.switchboard.net.BindHosts}, {@link io.switchboard.net.AdvertisedAddress}). No socket I/O; the one
 * system query is {@link io.switchboard.net.HostInterface#system()} (the host's interface list), made at start-up.
 */
package io.switchboard.net;
