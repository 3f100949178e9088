package io.switchboard.terraform.value;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * Terraform's msgpack encoding of values (DynamicValue.msgpack) to and from the value model of {@link Unknown}.
 *
 * <p>Wire rules (Terraform docs "object-wire-format"): null is nil; an unknown value is any extension value
 * (Terraform writes type 0, and type 12 for "refined" unknowns that carry range hints, which we ignore); numbers
 * may come as int, float or a decimal string when they do not fit; objects and maps are msgpack maps; lists,
 * sets and tuples are arrays. Encoding needs no schema: callers make sure every attribute is present
 * ({@code schema.Block#normalize}).
 */
public final class Msgpack {
  private Msgpack() {}

  public static byte[] encode(Object value) {
    try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
      write(p, value);
      return p.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Decodes one value; an empty buffer (an absent DynamicValue) is null. */
  public static Object decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      return null;
    }
    try (MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes)) {
      return read(u);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(MessageBufferPacker p, Object v) throws IOException {
    if (v == null) {
      p.packNil();
    } else if (v == Unknown.VALUE) {
      p.packExtensionTypeHeader((byte) 0, 1);
      p.writePayload(new byte[] {0});
    } else if (v instanceof String s) {
      p.packString(s);
    } else if (v instanceof Boolean b) {
      p.packBoolean(b);
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short) {
      p.packLong(((Number) v).longValue());
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
        p.packLong((long) d);
      } else {
        p.packDouble(d);
      }
    } else if (v instanceof BigInteger bi) {
      p.packBigInteger(bi);
    } else if (v instanceof BigDecimal bd) {
      writeDecimal(p, bd);
    } else if (v instanceof List<?> list) {
      p.packArrayHeader(list.size());
      for (Object e : list) {
        write(p, e);
      }
    } else if (v instanceof Map<?, ?> map) {
      p.packMapHeader(map.size());
      for (Map.Entry<?, ?> e : map.entrySet()) {
        p.packString((String) e.getKey());
        write(p, e.getValue());
      }
    } else {
      throw new IllegalArgumentException("not a Terraform value: " + v.getClass().getName());
    }
  }

  private static void writeDecimal(MessageBufferPacker p, BigDecimal bd) throws IOException {
    BigDecimal stripped = bd.stripTrailingZeros();
    if (stripped.scale() <= 0 && stripped.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
      p.packLong(stripped.longValueExact());
    } else {
      p.packString(stripped.toPlainString()); // Terraform accepts a decimal string for any number
    }
  }

  private static Object read(MessageUnpacker u) throws IOException {
    ValueType type = u.getNextFormat().getValueType();
    switch (type) {
      case NIL:
        u.unpackNil();
        return null;
      case BOOLEAN:
        return u.unpackBoolean();
      case INTEGER:
        BigInteger bi = u.unpackBigInteger();
        return bi.bitLength() < 64 ? (Object) bi.longValue() : new BigDecimal(bi);
      case FLOAT:
        return u.unpackDouble();
      case STRING:
        return u.unpackString();
      case BINARY:
        return new String(u.readPayload(u.unpackBinaryHeader()), java.nio.charset.StandardCharsets.UTF_8);
      case ARRAY: {
        int n = u.unpackArrayHeader();
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          list.add(read(u));
        }
        return list;
      }
      case MAP: {
        int n = u.unpackMapHeader();
        Map<String, Object> map = new LinkedHashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
          map.put(u.unpackString(), read(u));
        }
        return map;
      }
      case EXTENSION:
        u.skipValue();
        return Unknown.VALUE;
      default:
        throw new IOException("unexpected msgpack type " + type);
    }
  }
}
