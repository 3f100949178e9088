package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.call.CallbackDialog.Back;
import io.switchboard.call.CallbackDialog.Collecting;
import io.switchboard.call.CallbackDialog.Confirmed;
import io.switchboard.call.CallbackDialog.Prompt;
import io.switchboard.call.CallbackDialog.State;
import io.switchboard.dial.DialPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The callback-number dialog: keys in, the number (or the way back to waiting) out, through a real dial policy. */
class CallbackDialogTest {
  /** US numbers without a country code; the default premium prefixes blocked (+1 900 ...). */
  static final DialPolicy POLICY = new DialPolicy("US", List.of(), DialPolicy.DEFAULT_BLOCKED, null, null);

  static CallbackDialog dialog(String caller) {
    return new CallbackDialog(caller, input -> {
      try {
        return POLICY.number(input);
      } catch (RuntimeException e) {
        return null;
      }
    });
  }

  static CallbackDialog.Step keys(CallbackDialog d, String keys) {
    CallbackDialog.Step last = null;
    for (char k : keys.toCharArray()) {
      last = d.key(k);
    }
    return last;
  }

  @Test
  void theCallersOwnNumberIsReadBackAndHashConfirmsIt() {
    CallbackDialog d = dialog("+14155550100");
    assertThat(d.start()).isEqualTo(new Prompt("+14155550100", false));
    assertThat(d.state()).isEqualTo(State.CONFIRM);
    assertThat(d.key('#')).isEqualTo(new Confirmed("+14155550100"));
    assertThat(d.state()).isEqualTo(State.DONE);
    assertThat(d.key('#')).as("keys after the end are ignored").isNull();
    assertThat(d.timeout()).isNull();
  }

  @Test
  void anotherNumberTypedAndEndedWithHashIsTakenInE164() {
    CallbackDialog d = dialog("+14155550100");
    d.start();
    assertThat(d.key('4')).isEqualTo(new Collecting());
    assertThat(d.state()).isEqualTo(State.ENTER);
    assertThat(keys(d, "155550199#")).isEqualTo(new Confirmed("+14155550199"));
  }

  @Test
  void aCallerWithoutAUsableNumberIsAskedForOne() {
    for (String caller : new String[] {null, "", "anonymous", "+19005550100"}) {
      CallbackDialog d = dialog(caller);
      assertThat(d.start()).as(caller).isEqualTo(new Prompt(null, false));
      assertThat(d.state()).isEqualTo(State.ENTER);
      assertThat(keys(d, "4155550199#")).isEqualTo(new Confirmed("+14155550199"));
    }
  }

  @Test
  void aRefusedNumberIsAskedAgainOnceThenTheCallerGoesBackToWaiting() {
    CallbackDialog d = dialog("+14155550100");
    d.start();
    assertThat(keys(d, "19005550100#")).as("premium: blocked by the policy")
        .isEqualTo(new Prompt("+14155550100", true));
    assertThat(d.state()).as("the typed digits are forgotten").isEqualTo(State.CONFIRM);
    assertThat(keys(d, "12#")).as("too short to be a number").isEqualTo(new Back(true));
    assertThat(d.state()).isEqualTo(State.BACK);
    assertThat(d.key('#')).isNull();
  }

  @Test
  void anEmptyNumberIsRefusedWhenTheCallerHasNoneOfItsOwn() {
    CallbackDialog d = dialog("anonymous");
    d.start();
    assertThat(d.key('#')).isEqualTo(new Prompt(null, true));
    assertThat(d.key('#')).isEqualTo(new Back(true));
  }

  @Test
  void tooManyDigitsAreRefused() {
    CallbackDialog d = dialog(null);
    d.start();
    assertThat(keys(d, "1".repeat(CallbackDialog.MAX_DIGITS))).isEqualTo(new Collecting());
    assertThat(d.key('2')).isEqualTo(new Prompt(null, true));
  }

  @Test
  void silenceIsPromptedAgainThenGivesUpWithoutACallback() {
    CallbackDialog d = dialog("+14155550100");
    d.start();
    assertThat(d.timeout()).isEqualTo(new Prompt("+14155550100", false));
    assertThat(d.timeout()).isEqualTo(new Back(false));
    assertThat(d.state()).isEqualTo(State.BACK);
  }

  @Test
  void starGoesBackToWaitingAtOnceAndLettersAreIgnored() {
    CallbackDialog d = dialog("+14155550100");
    d.start();
    assertThat(d.key('A')).isNull();
    assertThat(d.state()).isEqualTo(State.CONFIRM);
    assertThat(d.key('*')).isEqualTo(new Back(false));
  }

  @Test
  void aRefusalAndATimeoutCountTogether() {
    CallbackDialog d = dialog("+14155550100");
    d.start();
    assertThat(keys(d, "555#")).isEqualTo(new Prompt("+14155550100", true));
    assertThat(d.timeout()).isEqualTo(new Back(false));
  }
}
