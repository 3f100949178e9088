/**
 * The node's data directory on disk ({@code data.dir}): created owner-only and locked while the node runs, with one
 * subdirectory per embedded store. Plain files; it depends on no other layer.
 */
package io.switchboard.storage;
