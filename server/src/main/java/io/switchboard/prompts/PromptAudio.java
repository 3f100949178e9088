package io.switchboard.prompts;

import io.switchboard.media.audio.G711;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * An uploaded WAV made into what a call plays: 8 kHz, mono, G.711 µ-law. The JDK's sound API (javax.sound.sampled)
 * reads the file and converts it: PCM of 8 to 32 bits, µ-law or A-law, any sample rate (resampled), any number of
 * channels (mixed down). Anything it cannot read, an empty file or one longer than the limit is refused with a reason
 * a person can act on ({@link BadPromptException}). Pure and thread-safe.
 */
public final class PromptAudio {
  static final float RATE = 8000f;
  /** Shorter than this is no prompt (a click, a truncated upload). */
  static final int MIN_MILLIS = 100;
  private static final AudioFormat PCM_8K_MONO =
      new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, RATE, 16, 1, 2, RATE, false);

  private PromptAudio() {}

  /** Why an upload cannot be a prompt; the message says it to the uploader. */
  public static final class BadPromptException extends Exception {
    BadPromptException(String message) {
      super(message, null, false, false);
    }
  }

  /** The prompt in {@code wav} as 8 kHz µ-law bytes, at most {@code maxSeconds} long. */
  public static byte[] toUlaw(byte[] wav, int maxSeconds) throws BadPromptException {
    if (wav.length < 12 || !"RIFF".equals(ascii(wav, 0)) || !"WAVE".equals(ascii(wav, 8))) {
      throw new BadPromptException("not a WAV file (it must start with a RIFF/WAVE header)");
    }
    try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
      AudioFormat source = in.getFormat();
      byte[] pcm = readPcm(in, source);
      int samples = pcm.length / 2;
      if (samples * 1000L / (long) RATE < MIN_MILLIS) {
        throw new BadPromptException("the audio is shorter than " + MIN_MILLIS + " ms");
      }
      if (samples > (long) maxSeconds * (long) RATE) {
        throw new BadPromptException("the audio is " + samples / (long) RATE + " s long; a prompt may last at most "
            + maxSeconds + " s");
      }
      short[] linear = new short[samples];
      ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(linear);
      byte[] ulaw = new byte[samples];
      G711.encodeUlaw(linear, ulaw);
      return ulaw;
    } catch (UnsupportedAudioFileException e) {
      throw new BadPromptException("the WAV's audio format cannot be read (PCM 8 to 32 bits, µ-law or A-law are)");
    } catch (IllegalArgumentException e) {
      throw new BadPromptException("the WAV's audio cannot be converted to 8 kHz mono: " + e.getMessage());
    } catch (IOException e) {
      throw new BadPromptException("the WAV file is damaged: " + e.getMessage());
    }
  }

  /** The audio as 8 kHz mono signed 16-bit little-endian PCM, through the JDK's converters one step at a time. */
  private static byte[] readPcm(AudioInputStream in, AudioFormat source) throws IOException {
    AudioInputStream pcm = in;
    if (!AudioFormat.Encoding.PCM_SIGNED.equals(source.getEncoding())) {
      pcm = AudioSystem.getAudioInputStream(AudioFormat.Encoding.PCM_SIGNED, pcm);
    }
    AudioFormat f = pcm.getFormat();
    if (f.getChannels() != 1 || f.getSampleSizeInBits() != 16 || f.isBigEndian()) {
      pcm = AudioSystem.getAudioInputStream(new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, f.getSampleRate(), 16, 1,
          2, f.getSampleRate(), false), pcm);
    }
    if (pcm.getFormat().getSampleRate() != RATE) {
      pcm = AudioSystem.getAudioInputStream(PCM_8K_MONO, pcm);
    }
    return pcm.readAllBytes();
  }

  /** {@code ulaw} (8 kHz mono µ-law) as a WAV file a browser or an editor plays. */
  public static byte[] wav(byte[] ulaw) {
    AudioFormat format = new AudioFormat(AudioFormat.Encoding.ULAW, RATE, 8, 1, 1, RATE, false);
    ByteArrayOutputStream out = new ByteArrayOutputStream(ulaw.length + 64);
    try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(ulaw), format, ulaw.length)) {
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);  // in memory: does not happen
    }
    return out.toByteArray();
  }

  private static String ascii(byte[] b, int off) {
    return new String(b, off, 4, java.nio.charset.StandardCharsets.US_ASCII);
  }
}
