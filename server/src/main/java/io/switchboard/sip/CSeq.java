package io.switchboard.sip;

/**
 * CSeq = 1*DIGIT LWS Method (RFC 3261 §20.16). The number must be below 2**31 (§8.1.1.5; RFC 4475
 * scalar02 and scalarlg go past it); leading zeros are fine (RFC 4475 wsinv: "0009").
 */
public record CSeq(long number, String method) {
  public static final long MAX = (1L << 31) - 1;

  public CSeq {
    if (number < 0 || number > MAX || !Chars.isToken(method)) {
      throw new SipSyntaxException("Bad CSeq header");
    }
  }

  public static CSeq parse(String value) {
    Scanner sc = new Scanner(value, "CSeq header");
    sc.sws();
    long n = Chars.boundedNumber(sc.digits(), MAX);
    if (n < 0) {
      throw sc.fail();
    }
    sc.lws();
    String method = sc.token();
    sc.end();
    return new CSeq(n, method);
  }

  public String format() {
    return number + " " + method;
  }
}
