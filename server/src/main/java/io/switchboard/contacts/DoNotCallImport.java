package io.switchboard.contacts;

import io.switchboard.customers.CsvImport;
import io.switchboard.customers.CsvRows;
import io.switchboard.phone.PhoneNumbers;
import java.io.Reader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV file of numbers for the do-not-call list (RFC 4180, UTF-8), read as a stream: a header row with {@code phone}
 * (required), {@code reason} and {@code expires_at} (an instant such as 2027-01-31T00:00:00Z) in any order; any other
 * column refuses the whole file ({@link CsvImport.BadHeader}). A bad row is rejected with its line, column and
 * reason, and the rest is listed, in batches (a number twice in one batch: its last row counts). Not thread-safe:
 * one import per instance.
 */
public final class DoNotCallImport {
  private static final int MAX_REASON = 200;

  /** What an import did: rows read, numbers newly listed, the rest's entries replaced, rejected rows. */
  public record Result(long rows, long added, long replaced, long rejectedRows, List<CsvImport.Rejected> rejected) {}

  /** Where a batch goes; returns how many of its numbers were not listed before. */
  @FunctionalInterface
  public interface Sink {
    int write(List<DoNotCallStore.Listing> batch) throws Exception;
  }

  private final String defaultCountry;
  private final int batchSize;

  public DoNotCallImport(String defaultCountry, int batchSize) {
    this.defaultCountry = defaultCountry;
    this.batchSize = batchSize;
  }

  public Result run(Reader in, Sink sink) throws Exception {
    long[] written = {0, 0}; // added, all
    Map<String, DoNotCallStore.Listing> batch = new LinkedHashMap<>();
    CsvRows read = new CsvRows();
    read.read(in, "the file is empty: the first row must name the columns (phone, reason, expires_at)",
        DoNotCallImport::header, (record, columns, line, faults) -> {
          DoNotCallStore.Listing listing = row(record, columns, line, faults);
          if (listing == null) {
            return false;
          }
          batch.remove(listing.phone());
          batch.put(listing.phone(), listing);
          if (batch.size() >= batchSize) {
            write(sink, batch, written);
          }
          return true;
        });
    if (!batch.isEmpty()) {
      write(sink, batch, written);
    }
    return new Result(read.rows(), written[0], written[1] - written[0], read.rejectedRows(), read.rejected());
  }

  private static void write(Sink sink, Map<String, DoNotCallStore.Listing> batch, long[] written) throws Exception {
    written[0] += sink.write(List.copyOf(batch.values()));
    written[1] += batch.size();
    batch.clear();
  }

  private static Map<String, Integer> header(CSVRecord record) throws CsvImport.BadHeader {
    Map<String, Integer> columns = new LinkedHashMap<>();
    for (int i = 0; i < record.size(); i++) {
      String name = record.get(i).trim().toLowerCase(Locale.ROOT).replace("\uFEFF", "");
      if (!List.of("phone", "reason", "expires_at").contains(name)) {
        throw new CsvImport.BadHeader("column " + (i + 1) + " ('" + name + "') is not a known column (phone, "
            + "reason, expires_at)");
      }
      if (columns.put(name, i) != null) {
        throw new CsvImport.BadHeader("'" + name + "' appears twice");
      }
    }
    if (!columns.containsKey("phone")) {
      throw new CsvImport.BadHeader("the header has no 'phone' column");
    }
    return columns;
  }

  /** The row's listing, or null with its fault in {@code faults}. */
  private DoNotCallStore.Listing row(CSVRecord record, Map<String, Integer> columns, long line,
      List<CsvImport.Rejected> faults) {
    if (record.size() != columns.size()) {
      faults.add(new CsvImport.Rejected(line, null, "has " + record.size() + " columns, the header "
          + columns.size()));
      return null;
    }
    String phone;
    try {
      phone = PhoneNumbers.e164(record.get(columns.get("phone")).trim(), defaultCountry, PhoneNumbers.Rule.POSSIBLE);
    } catch (PhoneNumbers.InvalidNumber e) {
      faults.add(new CsvImport.Rejected(line, "phone", "'" + record.get(columns.get("phone")) + "' "
          + e.getMessage()));
      return null;
    }
    String reason = cell(record, columns, "reason");
    if (reason != null && (reason.length() > MAX_REASON || reason.chars().anyMatch(Character::isISOControl))) {
      faults.add(new CsvImport.Rejected(line, "reason", "is longer than " + MAX_REASON
          + " characters or has control characters"));
      return null;
    }
    String expires = cell(record, columns, "expires_at");
    Instant expiresAt = null;
    if (expires != null) {
      try {
        expiresAt = Instant.parse(expires);
      } catch (DateTimeParseException e) {
        faults.add(new CsvImport.Rejected(line, "expires_at", "'" + expires
            + "' is not an instant such as 2027-01-31T00:00:00Z"));
        return null;
      }
    }
    return new DoNotCallStore.Listing(phone, reason, expiresAt);
  }

  private static String cell(CSVRecord record, Map<String, Integer> columns, String name) {
    Integer i = columns.get(name);
    String v = i == null ? "" : record.get(i).trim();
    return v.isEmpty() ? null : v;
  }
}
