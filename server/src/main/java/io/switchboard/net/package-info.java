/**
 * Address rules shared by the SIP, RTP and WebRTC layers: what a bind host means for the addresses a node hands
 * out ({@link io.switchboard.net.BindHosts}, {@link io.switchboard.net.AdvertisedAddress}), and which addresses a
 * tenant's URL may point at ({@link io.switchboard.net.PublicAddresses}). No socket I/O; the system queries are
 * {@link io.switchboard.net.HostInterface#system()} (the host's interface list, made at start-up) and the DNS
 * lookups of {@link io.switchboard.net.PublicAddresses}.
 */
package io.switchboard.net;
