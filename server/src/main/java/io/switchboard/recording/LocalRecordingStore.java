package io.switchboard.recording;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

/**
 * {@link RecordingStore} in a directory of this node ({@code recording.dir}, by default {@code <data.dir>/recordings}):
 * a key is a relative path of safe segments, the object a file. Chunks are appended and the header written in place
 * with positional writes; the page cache keeps them if the process dies, {@link Upload#finish} forces them to disk.
 */
public final class LocalRecordingStore implements RecordingStore {
  /** Relative, no {@code ..}, no empty segment: {@code tenant/yyyy/mm/dd/id.wav}. */
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}(/[A-Za-z0-9][A-Za-z0-9._-]{0,127}){0,7}");

  private final Path root;

  public LocalRecordingStore(Path root) throws IOException {
    this.root = Files.createDirectories(root).toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /** The file of {@code key}; refuses keys that are not plain relative paths. */
  Path file(String key) {
    if (key == null || !KEY.matcher(key).matches() || key.contains("..")) {
      throw new IllegalArgumentException("not a recording key: " + key);
    }
    Path p = root.resolve(key).normalize();
    if (!p.startsWith(root)) {
      throw new IllegalArgumentException("not a recording key: " + key);
    }
    return p;
  }

  @Override
  public Upload create(String key) throws IOException {
    Path f = file(key);
    Files.createDirectories(f.getParent());
    FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    return new FileUpload(ch);
  }

  @Override
  public long size(String key) throws IOException {
    try {
      return Files.size(file(key));
    } catch (NoSuchFileException e) {
      return -1;
    }
  }

  @Override
  public InputStream open(String key, long offset, long length) throws IOException {
    FileChannel ch = FileChannel.open(file(key), StandardOpenOption.READ);
    try {
      ch.position(offset);
      InputStream in = Channels.newInputStream(ch);
      return new java.io.FilterInputStream(in) {
        private long left = length;

        @Override
        public int read() throws IOException {
          if (left <= 0) {
            return -1;
          }
          int b = super.read();
          if (b >= 0) {
            left--;
          }
          return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
          if (left <= 0) {
            return -1;
          }
          int n = super.read(buf, off, (int) Math.min(len, left));
          if (n > 0) {
            left -= n;
          }
          return n;
        }
      };
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  @Override
  public void delete(String key) throws IOException {
    Files.deleteIfExists(file(key));
  }

  /** Appends at the end, the header at 0; one writer thread. */
  private static final class FileUpload implements Upload {
    private final FileChannel ch;
    private long size;
    private boolean finished;

    FileUpload(FileChannel ch) {
      this.ch = ch;
    }

    @Override
    public void put(byte[] chunk, byte[] header) throws IOException {
      if (size == 0) {
        size = header.length; // the header's place, written below
      }
      writeAt(ByteBuffer.wrap(chunk), size);
      size += chunk.length;
      writeAt(ByteBuffer.wrap(header), 0);  // after the chunk: the sizes never claim more than the file holds
    }

    private void writeAt(ByteBuffer b, long at) throws IOException {
      long pos = at;
      while (b.hasRemaining()) {
        pos += ch.write(b, pos);
      }
    }

    @Override
    public long bytes() {
      return size;
    }

    @Override
    public void finish() throws IOException {
      if (!finished && ch.isOpen()) {
        finished = true;
        ch.force(false);
        ch.close();
      }
    }

    @Override
    public void close() throws IOException {
      ch.close();
    }
  }
}
