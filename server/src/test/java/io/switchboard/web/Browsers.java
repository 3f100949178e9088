package io.switchboard.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.switchboard.support.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Debian Chromium driven by Playwright for the browser tests: headless (new), a fake microphone that plays a
 * known sine (a WAV this class writes), fake media UI (no permission prompts), autoplay allowed. Playwright's
 * own browser download is switched off; the browser is /usr/bin/chromium, required via {@link Tools} (a
 * failure, not a skip, under SWITCHBOARD_REQUIRE_TOOLS=1). One instance per test class; one context per page
 * so each page has its own storage. Not thread-safe (Playwright is not): use from the JUnit thread.
 */
public final class Browsers implements AutoCloseable {
  /** The fake capture's sample rate; Chromium reads the WAV and loops it. */
  public static final int WAV_RATE = 48_000;
  /** A laptop screen: the pages must fit it. */
  public static final int WIDTH = 1366;
  public static final int HEIGHT = 768;

  private final Playwright playwright;
  private final Browser browser;
  private final Path wav;
  private final List<BrowserContext> contexts = new ArrayList<>();

  private Browsers(Playwright playwright, Browser browser, Path wav) {
    this.playwright = playwright;
    this.browser = browser;
    this.wav = wav;
  }

  /** Launches Chromium whose fake microphone plays a {@code toneHz} sine at half scale. */
  public static Browsers launch(double toneHz) {
    Path chromium = Tools.require("/usr/bin/chromium");
    Path wav;
    try {
      wav = Files.createTempFile("switchboard-tone-" + (int) toneHz + "hz-", ".wav");
      Files.write(wav, toneWav(toneHz, 5));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Playwright pw = Playwright.create(new Playwright.CreateOptions()
        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    try {
      Browser browser = pw.chromium().launch(new BrowserType.LaunchOptions()
          .setExecutablePath(chromium)
          .setHeadless(true)
          // Playwright's own "--headless" and "--mute-audio" are replaced: new headless, audible output.
          .setIgnoreDefaultArgs(List.of("--headless", "--mute-audio"))
          .setArgs(List.of("--headless=new",
              "--use-fake-ui-for-media-stream",
              "--use-fake-device-for-media-stream",
              "--use-file-for-fake-audio-capture=" + wav,
              "--autoplay-policy=no-user-gesture-required",
              "--disable-gpu", "--no-first-run", "--disable-background-networking")));
      return new Browsers(pw, browser, wav);
    } catch (RuntimeException e) {
      pw.close();
      throw e;
    }
  }

  /** A new page in its own context (fresh sessionStorage/localStorage), 1366x768, English, at {@code baseUrl}. */
  public Page page(String baseUrl) {
    return page(baseUrl, null);
  }

  /** As {@link #page(String)}, the browser in time zone {@code timezoneId} (IANA id; null: the machine's). */
  public Page page(String baseUrl, String timezoneId) {
    BrowserContext ctx = browser.newContext(new Browser.NewContextOptions()
        .setBaseURL(baseUrl)
        .setViewportSize(WIDTH, HEIGHT)
        .setLocale("en-US")
        .setTimezoneId(timezoneId));
    ctx.grantPermissions(List.of("microphone", "notifications"));
    contexts.add(ctx);
    Page page = ctx.newPage();
    page.setDefaultTimeout(10_000);
    return page;
  }

  /**
   * Uncaught exceptions and console errors of {@code page} from now on: a test asserts this is empty, so
   * a broken module cannot hide behind a UI that happens to look right. 401 responses are expected (a wrong
   * password) and not counted.
   */
  public static List<String> errors(Page page) {
    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    page.onPageError(e -> errors.add("uncaught: " + e));
    page.onConsoleMessage(m -> {
      // A refused sign-in is a 401 the page handles; Chromium logs every failed fetch regardless.
      if ("error".equals(m.type()) && !m.text().contains("status of 401")) {
        errors.add("console: " + m.text());
      }
    });
    return errors;
  }

  /** Opens {@code path} and signs in to the demo tenant through the page's form. */
  public static void signIn(Page page, String path, String username, String password) {
    page.navigate(path);
    page.fill("input[name=username]", username);
    page.fill("input[name=password]", password);
    page.click("#login button[type=submit]");
  }

  /**
   * What the page hears from the far end: a WebAudio AnalyserNode (8192-point FFT, no smoothing) on the stream
   * of {@code <audio id="remote-audio">}, read after {@code ms}. Returns the peak's frequency (Hz) and level (dBFS)
   * and the level at {@code probeHz}; peakHz is -1 when no stream is attached.
   */
  public static Spectrum remoteSpectrum(Page page, double probeHz, int ms) {
    @SuppressWarnings("unchecked")
    Map<String, Object> r = (Map<String, Object>) page.evaluate("""
        async ([probe, ms]) => {
          const stream = document.getElementById('remote-audio').srcObject;
          if (!stream) return { peakHz: -1, peakDb: -1000, probeDb: -1000 };
          const ctx = new AudioContext();
          const an = ctx.createAnalyser();
          an.fftSize = 8192;
          an.smoothingTimeConstant = 0;
          const src = ctx.createMediaStreamSource(stream);
          src.connect(an);
          await new Promise((r) => setTimeout(r, ms));
          const data = new Float32Array(an.frequencyBinCount);
          an.getFloatFrequencyData(data);
          let best = 1;
          for (let i = 2; i < data.length; i++) if (data[i] > data[best]) best = i;
          const bin = ctx.sampleRate / an.fftSize;
          const out = { peakHz: best * bin, peakDb: data[best], probeDb: data[Math.round(probe / bin)] };
          src.disconnect();
          await ctx.close();
          return out;
        }""", List.of(probeHz, ms));
    return new Spectrum(((Number) r.get("peakHz")).doubleValue(), ((Number) r.get("peakDb")).doubleValue(),
        ((Number) r.get("probeDb")).doubleValue());
  }

  /** See {@link #remoteSpectrum}. */
  public record Spectrum(double peakHz, double peakDb, double probeDb) {
    /** The peak is within 15 Hz of {@code hz} (two FFT bins at 48 kHz) and clearly above silence. */
    public boolean dominantAt(double hz) {
      return Math.abs(peakHz - hz) <= 15 && peakDb > -70;
    }
  }

  /** Closes a page's context (its WebSocket closes with it, as when a tab is closed). */
  public void closePage(Page page) {
    BrowserContext ctx = page.context();
    contexts.remove(ctx);
    ctx.close();
  }

  @Override
  public void close() {
    try {
      contexts.forEach(BrowserContext::close);
      browser.close();
    } finally {
      playwright.close();
      try {
        Files.deleteIfExists(wav);
      } catch (IOException ignored) {
        // a temp file; the OS cleans up
      }
    }
  }

  /** A 16-bit mono PCM WAV of {@code seconds} of a {@code hz} sine at {@value #WAV_RATE} Hz, half scale. */
  static byte[] toneWav(double hz, int seconds) {
    int samples = WAV_RATE * seconds;
    ByteBuffer b = ByteBuffer.allocate(44 + 2 * samples).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(36 + 2 * samples).put("WAVE".getBytes());
    b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1)
        .putInt(WAV_RATE).putInt(WAV_RATE * 2).putShort((short) 2).putShort((short) 16);
    b.put("data".getBytes()).putInt(2 * samples);
    for (int i = 0; i < samples; i++) {
      b.putShort((short) Math.round(16_000 * Math.sin(2 * Math.PI * hz * i / WAV_RATE)));
    }
    return b.array();
  }
}
