package io.switchboard.prompts;

import io.switchboard.media.audio.AudioClip;
import io.switchboard.media.audio.PromptOverrides;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenants' own prompts held in memory, so a call finds them without waiting on PostgreSQL: every
 * {@code refresh} a thread of its own compares the store's list with what it holds and loads what changed; an upload
 * or a delete through this node applies at once ({@link #put}, {@link #remove}), through another node within one
 * refresh. While PostgreSQL does not answer, the last prompts loaded stay in use.
 *
 * <p>Threading: {@link #find} is lock-free (one volatile read) and is called on event loops and the media pacer;
 * the rest may be called from any thread.
 */
public final class TenantPrompts implements PromptOverrides, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TenantPrompts.class);

  private record Held(java.time.Instant updatedAt, AudioClip clip) {}

  private final PromptStore store;
  private final ScheduledExecutorService refresher;
  private volatile Map<String, Held> held = Map.of();
  /** Changes made here since a refresh began make that refresh's result stale (it is dropped; the next one counts). */
  private long generation;

  public TenantPrompts(PromptStore store) {
    this.store = store;
    this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "prompts-refresh");
      t.setDaemon(true);
      return t;
    });
  }

  /** Loads the prompts now (blocking), then again every {@code every}. */
  public TenantPrompts start(Duration every) {
    refresh();
    refresher.scheduleWithFixedDelay(this::refresh, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  @Override
  public AudioClip find(String tenant, String language, String name) {
    Held h = held.get(key(tenant, language, name));
    return h == null ? null : h.clip();
  }

  @Override
  public AudioClip findInAnyLanguage(String tenant, String name) {
    String prefix = tenant + '\n';
    String suffix = '\n' + name;
    for (Map.Entry<String, Held> e : held.entrySet()) {
      if (e.getKey().startsWith(prefix) && e.getKey().endsWith(suffix)) {
        return e.getValue().clip();
      }
    }
    return null;
  }

  /** The tenant's clip for {@code name} in a language other than {@code language}, or null. */
  public AudioClip findInAnyLanguageBut(String tenant, String language, String name) {
    for (String other : held.keySet()) {
      String[] k = other.split("\n", 3);
      if (k[0].equals(tenant) && k[2].equals(name) && !k[1].equals(language)) {
        return held.get(other).clip();
      }
    }
    return null;
  }

  /** The names of the tenant's own prompts, in any language. */
  public java.util.Set<String> names(String tenant) {
    String prefix = tenant + '\n';
    java.util.Set<String> out = new java.util.TreeSet<>();
    for (String k : held.keySet()) {
      if (k.startsWith(prefix)) {
        out.add(k.substring(k.lastIndexOf('\n') + 1));
      }
    }
    return out;
  }

  /** A prompt saved through this node: heard from the next call on. */
  public synchronized void put(PromptInfo info, byte[] ulaw) {
    Map<String, Held> next = new HashMap<>(held);
    next.put(key(info.tenant(), info.language(), info.name()), new Held(info.updatedAt(), clip(info, ulaw)));
    held = Map.copyOf(next);
    generation++;
  }

  /** A prompt deleted through this node: the shipped one is heard again. */
  public synchronized void remove(String tenant, String language, String name) {
    Map<String, Held> next = new HashMap<>(held);
    next.remove(key(tenant, language, name));
    held = Map.copyOf(next);
    generation++;
  }

  /** Compares the store's list with what is held; loads new and changed audio, drops deleted prompts. */
  void refresh() {
    long startedAt;
    Map<String, Held> before;
    synchronized (this) {
      startedAt = generation;
      before = held;
    }
    try {
      List<PromptInfo> infos = store.all();
      Map<String, Held> next = new HashMap<>();
      for (PromptInfo info : infos) {
        String k = key(info.tenant(), info.language(), info.name());
        Held h = before.get(k);
        if (h == null || !h.updatedAt().equals(info.updatedAt())) {
          byte[] ulaw = store.audio(info.tenant(), info.language(), info.name()).orElse(null);
          if (ulaw == null) {
            continue;  // deleted between the list and the read
          }
          h = new Held(info.updatedAt(), clip(info, ulaw));
        }
        next.put(k, h);
      }
      synchronized (this) {
        if (generation == startedAt) {
          held = Map.copyOf(next);
        }
      }
    } catch (java.sql.SQLException | RuntimeException e) {
      LOG.warn("prompts.refresh-failed why={} (the prompts loaded before stay in use)", e.toString());
    }
  }

  private static AudioClip clip(PromptInfo info, byte[] ulaw) {
    return AudioClip.fromUlaw(info.tenant() + "/" + info.language() + "/" + info.name(), ulaw);
  }

  private static String key(String tenant, String language, String name) {
    return tenant + '\n' + language + '\n' + name;
  }

  @Override
  public void close() {
    refresher.shutdownNow();
  }
}
