package io.switchboard.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's data directory ({@code data.dir}), held for as long as the node runs: the embedded stores keep their
 * files in subdirectories of it ({@code redis}, {@code postgres}). They hold password hashes and the JWT signing
 * secret, so every directory made here is owner-only ({@code rwx------}, where the file system has POSIX permissions).
 *
 * <p>One node at a time: {@link #open} takes an exclusive lock on {@value #LOCK_FILE} (an OS file lock, released
 * by {@link #close} and by the OS when the process dies, even by SIGKILL) and refuses a directory another process
 * or another node of this JVM holds. Thread-safe; the lock file itself is left in place.
 */
public final class DataDir implements AutoCloseable {
  /** The lock file, holding the pid of the process that holds the directory (for the message to the next one). */
  public static final String LOCK_FILE = "switchboard.lock";
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

  /** The directories this JVM holds (real paths): a second node of this JVM is refused without touching the file. */
  private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

  private final Path root;
  private final Path key;
  private final FileChannel channel;
  private final FileLock lock;
  private boolean closed;

  private DataDir(Path root, Path key, FileChannel channel, FileLock lock) {
    this.root = root;
    this.key = key;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Creates {@code root} (and missing parents) owner-only if absent, tightens an existing one to owner-only, and
   * locks it.
   *
   * @throws DataDirException when it cannot be created or written, or another node holds it
   */
  public static DataDir open(Path root) {
    Path dir = root.toAbsolutePath().normalize();
    createOwnerOnly(dir);
    Path key = realPath(dir);
    // Checked before opening a channel: closing any channel on the lock file would drop this JVM's lock (POSIX)
    if (!HELD_HERE.add(key)) {
      throw inUse(dir, String.valueOf(ProcessHandle.current().pid()));
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        String holder = readHolder(channel);
        throw inUse(dir, holder);
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
      channel.force(false);
      return new DataDir(dir, key, channel, lock);
    } catch (DataDirException e) {
      closeQuietly(channel);
      HELD_HERE.remove(key);
      throw e;
    } catch (IOException | OverlappingFileLockException e) {
      closeQuietly(channel);
      HELD_HERE.remove(key);
      throw new DataDirException("cannot lock data directory " + dir + ": " + e, e);
    }
  }

  private static DataDirException inUse(Path dir, String holder) {
    return new DataDirException("data directory " + dir + " is in use by another Switchboard node"
        + (holder.isEmpty() ? "" : " (pid " + holder + ")")
        + ": stop that node, or give this one a directory of its own (SWITCHBOARD_DATA_DIR)");
  }

  private static Path realPath(Path dir) {
    try {
      return dir.toRealPath();
    } catch (IOException e) {
      throw new DataDirException("cannot resolve data directory " + dir + ": " + e, e);
    }
  }

  /** The directory (absolute). */
  public Path root() {
    return root;
  }

  /**
   * {@code <root>/<name>}, created owner-only if absent: one per embedded store ({@code redis}, {@code postgres}).
   *
   * @throws DataDirException when it cannot be created
   */
  public Path subdirectory(String name) {
    if (!name.matches("[a-z0-9][a-z0-9-]*")) {
      throw new IllegalArgumentException("not a plain directory name: " + name);
    }
    Path dir = root.resolve(name);
    createOwnerOnly(dir);
    return dir;
  }

  /** Releases the lock; the stores in the directory must have stopped before. Safe to call twice. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (lock.isValid()) {
        lock.release();
      }
    } catch (IOException e) {
      // closing the channel releases it too
    }
    closeQuietly(channel);
    HELD_HERE.remove(key);
  }

  private static void createOwnerOnly(Path dir) {
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    try {
      if (Files.isDirectory(dir)) {
        if (posix && !Files.getPosixFilePermissions(dir).equals(OWNER_ONLY)) {
          Files.setPosixFilePermissions(dir, OWNER_ONLY);
        }
      } else if (posix) {
        FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
        Files.createDirectories(dir, attr);
        Files.setPosixFilePermissions(dir, OWNER_ONLY);  // the umask may have narrowed what createDirectories set
      } else {
        Files.createDirectories(dir);
      }
    } catch (FileAlreadyExistsException e) {
      throw new DataDirException("data directory " + dir + " is a file, not a directory", e);
    } catch (IOException e) {
      throw new DataDirException("cannot create data directory " + dir + " (" + e
          + "): set SWITCHBOARD_DATA_DIR to a directory this user may write", e);
    }
    if (!Files.isWritable(dir)) {
      throw new DataDirException("data directory " + dir + " is not writable by this user: set SWITCHBOARD_DATA_DIR "
          + "to a directory this user may write");
    }
  }

  private static String readHolder(FileChannel channel) {
    try {
      ByteBuffer buf = ByteBuffer.allocate(32);
      channel.read(buf, 0);
      return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      return "";
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing left to release
      }
    }
  }

  /** The data directory cannot be used; the message names it and says what to do. */
  public static final class DataDirException extends RuntimeException {
    DataDirException(String message) {
      super(message);
    }

    DataDirException(String message, Exception cause) {
      super(message, cause);
    }
  }
}
