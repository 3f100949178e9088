/**
 * Media of the SIP side: RTP/RTCP (RFC 3550, profile RFC 3551), G.711, SDP offer/answer (RFC 4566/3264), DTMF
 * (RFC 4733), audio sources and the shared 20 ms pacer.
 *
 * <p>Layout: {@code rtp} and {@code rtcp} are pure packet codecs; {@code sdp} and {@code dtmf} are pure protocol
 * logic; {@code audio} holds G.711, sources, tone generation/detection; {@code session} holds the per-call stream
 * logic ({@code RtpSession}, {@code StreamSwitch}, {@code Pacer}) and the only class that owns sockets,
 * {@code RtpEndpoint}.
 */
package io.switchboard.media;
