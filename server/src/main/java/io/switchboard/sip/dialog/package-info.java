/**
 * SIP dialogs (RFC 3261 §12): {@link io.switchboard.sip.dialog.Dialog} built from a request and its
 * 101-299 response with a To tag (UAC §12.1.2: Record-Route reversed; UAS §12.1.1: in order), the
 * remote target from Contact (refreshed by INVITE/UPDATE), CSeq checks on incoming requests (lower →
 * the TU answers 500), and in-dialog requests: BYE and re-INVITE with the next local CSeq, the ACK for
 * a 2xx with the INVITE's CSeq (sent with a new branch through
 * {@code TransactionLayer.sendAck}), loose and strict routing, and the next hop.
 *
 * <p>A dialog is plain state owned by one call on one event loop; the registry of dialogs (by
 * {@link io.switchboard.sip.dialog.DialogId}) belongs to call control, which also decides what a
 * request for an unknown dialog gets (481).
 */
package io.switchboard.sip.dialog;
