package io.switchboard.recording;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Where recordings' audio is kept, by key (e.g. {@code demo/2026/12/06/<id>.wav}): written in chunks as the call goes,
 * read back by byte range, deleted by the retention purge. The one implementation today is
 * {@link LocalRecordingStore} (a directory); S3-compatible object storage would be another.
 *
 * <p>Contract: after every {@link Upload#put} returns, the stored object is the latest header followed by every
 * chunk put so far, readable by {@link #open} (so a node that dies mid-call leaves everything but the chunk being
 * written). Implementations are thread-safe; every method blocks (file or network I/O): never call them on an event
 * loop or a media thread.
 */
public interface RecordingStore {

  /** One object being written, by one thread at a time. */
  interface Upload extends Closeable {
    /** Appends {@code chunk} and makes {@code header} the object's first bytes (same length every time). */
    void put(byte[] chunk, byte[] header) throws IOException;

    /** Bytes stored so far, header included. */
    long bytes();

    /** Ends the object (durable when this returns); idempotent. Closing without it keeps what was put. */
    void finish() throws IOException;

    @Override
    void close() throws IOException;
  }

  /** Starts a new object under {@code key}, which must not exist. */
  Upload create(String key) throws IOException;

  /** The object's size in bytes, or -1 when there is none. */
  long size(String key) throws IOException;

  /** {@code length} bytes from {@code offset} (both within {@link #size}); the caller closes the stream. */
  InputStream open(String key, long offset, long length) throws IOException;

  /** Removes the object; a missing one is not an error. */
  void delete(String key) throws IOException;
}
