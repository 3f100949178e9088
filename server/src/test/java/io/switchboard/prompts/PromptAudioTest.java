package io.switchboard.prompts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.media.audio.G711;
import io.switchboard.media.audio.Goertzel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Uploaded WAVs of every usual shape become 8 kHz µ-law with their sound intact; others are refused with a reason. */
public class PromptAudioTest {

  @ParameterizedTest(name = "{0} Hz, {1} channel(s), {2}")
  @CsvSource({"8000, 1, PCM16", "44100, 2, PCM16", "48000, 1, PCM24", "16000, 1, ULAW", "8000, 1, ALAW",
      "22050, 2, PCM8"})
  void aToneInAnyUsualWavIsStillThatToneAt8kHz(int rate, int channels, String encoding) throws Exception {
    byte[] wav = toneWav(rate, channels, encoding, 1000, 1.5);
    byte[] ulaw = PromptAudio.toUlaw(wav, 300);
    assertThat(ulaw.length).as("1.5 s at 8 kHz").isBetween(11_900, 12_100);
    short[] pcm = new short[ulaw.length];
    G711.decodeUlaw(ulaw, 0, ulaw.length, pcm);
    assertThat(Goertzel.detect(java.util.Arrays.copyOfRange(pcm, 800, 2400), 1000)).as("1 kHz heard").isTrue();
    assertThat(Goertzel.detect(java.util.Arrays.copyOfRange(pcm, 800, 2400), 1400)).as("nothing else").isFalse();
  }

  @Test
  void whatIsNotAPromptIsRefusedSayingWhy() throws Exception {
    assertThatThrownBy(() -> PromptAudio.toUlaw("ID3 an mp3 file".getBytes(), 300))
        .hasMessageContaining("not a WAV file");
    byte[] wav = toneWav(8000, 1, "PCM16", 1000, 1.5);
    assertThatThrownBy(() -> PromptAudio.toUlaw(java.util.Arrays.copyOf(wav, 40), 300))
        .isInstanceOf(PromptAudio.BadPromptException.class);
    assertThatThrownBy(() -> PromptAudio.toUlaw(toneWav(8000, 1, "PCM16", 1000, 0.05), 300))
        .hasMessageContaining("shorter than 100 ms");
    assertThatThrownBy(() -> PromptAudio.toUlaw(toneWav(8000, 1, "PCM16", 1000, 3), 2))
        .hasMessageContaining("3 s long").hasMessageContaining("at most 2 s");
    byte[] floats = wav.clone();
    ByteBuffer.wrap(floats).order(ByteOrder.LITTLE_ENDIAN).putShort(20, (short) 0x55);  // format tag: MPEG layer 3
    assertThatThrownBy(() -> PromptAudio.toUlaw(floats, 300)).hasMessageContaining("cannot be read");
  }

  @Test
  void theWavOfAPromptPlaysBackAsTheSameAudio() throws Exception {
    byte[] ulaw = PromptAudio.toUlaw(toneWav(8000, 1, "PCM16", 700, 1), 300);
    byte[] wav = PromptAudio.wav(ulaw);
    try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
      assertThat(in.getFormat().getEncoding()).isEqualTo(AudioFormat.Encoding.ULAW);
      assertThat(in.getFormat().getSampleRate()).isEqualTo(8000f);
      assertThat(in.readAllBytes()).isEqualTo(ulaw);
    }
  }

  /** A sine of {@code hz} at 0.5 full scale, written by the JDK's own WAV writer in the given shape. */
  public static byte[] toneWav(int rate, int channels, String encoding, double hz, double seconds) throws Exception {
    int frames = (int) (rate * seconds);
    int bits = switch (encoding) {
      case "PCM24" -> 24;
      case "PCM8", "ULAW", "ALAW" -> 8;
      default -> 16;
    };
    int bytesPerSample = bits / 8;
    ByteBuffer b = ByteBuffer.allocate(frames * channels * bytesPerSample).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < frames; i++) {
      double v = 0.5 * Math.sin(2 * Math.PI * hz * i / rate);
      for (int c = 0; c < channels; c++) {
        int s16 = (int) Math.round(v * 32767);
        switch (encoding) {
          case "PCM24" -> {
            int s24 = (int) Math.round(v * 8_388_607);
            b.put((byte) s24).put((byte) (s24 >> 8)).put((byte) (s24 >> 16));
          }
          case "PCM8" -> b.put((byte) ((s16 >> 8) + 128));
          case "ULAW" -> b.put(G711.linearToUlaw(s16));
          case "ALAW" -> b.put(G711.linearToAlaw(s16));
          default -> b.putShort((short) s16);
        }
      }
    }
    AudioFormat.Encoding enc = switch (encoding) {
      case "ULAW" -> AudioFormat.Encoding.ULAW;
      case "ALAW" -> AudioFormat.Encoding.ALAW;
      case "PCM8" -> AudioFormat.Encoding.PCM_UNSIGNED;
      default -> AudioFormat.Encoding.PCM_SIGNED;
    };
    AudioFormat format = new AudioFormat(enc, rate, bits, channels, channels * bytesPerSample, rate, false);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(b.array()), format, frames)) {
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, out);
    }
    return out.toByteArray();
  }
}
