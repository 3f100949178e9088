package io.switchboard.customers;

import io.switchboard.phone.PhoneNumbers;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV file of customers (RFC 4180, UTF-8), read as a stream: the header row names the columns, then each row is
 * validated and handed on in batches, so memory stays flat whatever the file's size. Columns (names are
 * case-insensitive): {@code name} (required), {@code phone} (required; several {@code phone}/{@code phone2}/...
 * columns, and several numbers in one cell separated by {@code ;}), {@code email} (the same), {@code given_name},
 * {@code family_name}, {@code company}, {@code language}, {@code timezone}, and {@code attr.<key>} for custom
 * attributes. A header with any other column, a required one missing or a single-valued one twice refuses the
 * whole file ({@link BadHeader}); a bad row is rejected (every bad cell reported with its line and column) and the
 * rest imported. Not thread-safe: one import per instance.
 */
public final class CsvImport {
  /** At most this many rejections are listed (all are counted). */
  public static final int MAX_LISTED = 1000;
  private static final Pattern MULTI = Pattern.compile("(phone|email)[0-9]*");
  private static final List<String> SINGLE = List.of("name", "given_name", "family_name", "company", "language",
      "timezone");

  /** One bad cell (or row, {@code column} null) of the file: its 1-based line, column name and why. */
  public record Rejected(long line, String column, String reason) {}

  /** What an import did; {@code rejected} lists at most {@link #MAX_LISTED} of the {@code rejectedRows}' faults. */
  public record Result(long rows, long created, long updated, long rejectedRows, List<Rejected> rejected) {}

  /** The header row is missing or wrong; nothing was imported. */
  public static final class BadHeader extends Exception {
    public BadHeader(String message) {
      super(message, null, false, false);
    }
  }

  /** Where valid rows go, a batch at a time (blocking). */
  @FunctionalInterface
  public interface Sink {
    CustomerStore.Imported write(List<CustomerFields> batch) throws Exception;
  }

  /** One valid row and the 1-based line it starts on. */
  public record Row(long line, CustomerFields fields) {}

  /** As {@link Sink}, with each row's line (for a sink that reports on rows itself). */
  @FunctionalInterface
  public interface RowSink {
    CustomerStore.Imported write(List<Row> batch) throws Exception;
  }

  /** The columns of a header row, by role. */
  record Columns(int count, Map<String, Integer> single, List<Integer> phones, List<Integer> emails,
      Map<String, Integer> attributes, List<String> names) {}

  private final String defaultCountry;
  private final int batchSize;

  /**
   * @param defaultCountry the tenant's default country, for numbers without a country code
   * @param batchSize rows written per transaction
   */
  public CsvImport(String defaultCountry, int batchSize) {
    this.defaultCountry = defaultCountry;
    this.batchSize = batchSize;
  }

  /** Reads all of {@code in}, writing valid rows to {@code sink}. Blocking. */
  public Result run(Reader in, Sink sink) throws Exception {
    return runRows(in, rows -> sink.write(rows.stream().map(Row::fields).toList()));
  }

  /** As {@link #run}, handing on each row with its line. */
  public Result runRows(Reader in, RowSink sink) throws Exception {
    long[] written = {0, 0}; // created, updated
    List<Row> batch = new ArrayList<>(batchSize);
    CsvRows read = new CsvRows();
    read.read(in, "the file is empty: the first row must name the columns (name, phone, ...)", CsvImport::header,
        (record, columns, line, faults) -> {
          CustomerFields fields = row(record, columns, line, faults);
          if (fields == null) {
            return false;
          }
          batch.add(new Row(line, fields));
          if (batch.size() >= batchSize) {
            write(sink, batch, written);
          }
          return true;
        });
    if (!batch.isEmpty()) {
      write(sink, batch, written);
    }
    return new Result(read.rows(), written[0], written[1], read.rejectedRows(), read.rejected());
  }

  private static void write(RowSink sink, List<Row> batch, long[] written) throws Exception {
    CustomerStore.Imported done = sink.write(List.copyOf(batch));
    written[0] += done.created();
    written[1] += done.updated();
    batch.clear();
  }

  /** The columns of the header row; {@link BadHeader} naming the first fault. */
  static Columns header(CSVRecord record) throws BadHeader {
    Map<String, Integer> single = new LinkedHashMap<>();
    List<Integer> phones = new ArrayList<>();
    List<Integer> emails = new ArrayList<>();
    Map<String, Integer> attributes = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < record.size(); i++) {
      String raw = record.get(i).trim();
      String name = raw.toLowerCase(Locale.ROOT);
      if (i == 0 && name.startsWith("\uFEFF")) {
        name = name.substring(1); // a byte order mark some spreadsheets write
      }
      names.add(name);
      String where = "column " + (i + 1) + " ('" + CustomerInput.clip(raw) + "')";
      Matcher multi = MULTI.matcher(name);
      if (multi.matches()) {
        (multi.group(1).equals("phone") ? phones : emails).add(i);
      } else if (SINGLE.contains(name)) {
        if (single.put(name, i) != null) {
          throw new BadHeader(where + ": '" + name + "' appears twice");
        }
      } else if (name.startsWith("attr.")) {
        String key = raw.substring(5);
        String error = CustomerInput.attributeKeyError(key);
        if (error != null) {
          throw new BadHeader(where + ": " + error);
        }
        if (attributes.put(key, i) != null) {
          throw new BadHeader(where + ": attribute '" + key + "' appears twice");
        }
      } else {
        throw new BadHeader(where + " is not a known column (name, phone, email, given_name, family_name, company, "
            + "language, timezone, attr.<key>)");
      }
    }
    if (!single.containsKey("name")) {
      throw new BadHeader("the header has no 'name' column");
    }
    if (phones.isEmpty()) {
      throw new BadHeader("the header has no 'phone' column");
    }
    return new Columns(record.size(), single, phones, emails, attributes, names);
  }

  /** The customer of one row, or null with {@code faults} saying why not. */
  CustomerFields row(CSVRecord record, Columns c, long line, List<Rejected> faults) {
    if (record.size() != c.count()) {
      faults.add(new Rejected(line, null, "has " + record.size() + " columns, the header " + c.count()));
      return null;
    }
    String name = text(record, c, "name", line, faults);
    if (name == null && faults.isEmpty()) {
      faults.add(new Rejected(line, "name", "is empty"));
    }
    List<String> phones = new ArrayList<>();
    for (int i : c.phones()) {
      for (String raw : cells(record.get(i))) {
        try {
          phones.add(PhoneNumbers.e164(raw, defaultCountry, PhoneNumbers.Rule.POSSIBLE));
        } catch (PhoneNumbers.InvalidNumber e) {
          faults.add(new Rejected(line, c.names().get(i), "'" + CustomerInput.clip(raw) + "' " + e.getMessage()));
        }
      }
    }
    if (phones.isEmpty() && faults.stream().noneMatch(f -> c.phones().stream()
        .anyMatch(i -> c.names().get(i).equals(f.column())))) {
      faults.add(new Rejected(line, c.names().get(c.phones().get(0)), "is empty: every row needs a number"));
    }
    List<String> emails = new ArrayList<>();
    for (int i : c.emails()) {
      for (String raw : cells(record.get(i))) {
        String error = CustomerInput.emailError(raw);
        if (error != null) {
          faults.add(new Rejected(line, c.names().get(i), error));
        } else {
          emails.add(raw);
        }
      }
    }
    String language = text(record, c, "language", line, faults);
    if (language != null && CustomerInput.languageError(language) != null) {
      faults.add(new Rejected(line, "language", CustomerInput.languageError(language)));
    }
    String zone = text(record, c, "timezone", line, faults);
    if (zone != null && CustomerInput.timeZoneError(zone) != null) {
      faults.add(new Rejected(line, "timezone", CustomerInput.timeZoneError(zone)));
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    c.attributes().forEach((key, i) -> {
      String v = record.get(i);
      if (v.length() > CustomerInput.MAX_ATTRIBUTE_VALUE) {
        faults.add(new Rejected(line, "attr." + key, "is longer than " + CustomerInput.MAX_ATTRIBUTE_VALUE
            + " characters"));
      } else if (!v.isEmpty()) {
        attributes.put(key, v);
      }
    });
    if (phones.size() > CustomerInput.MAX_PHONES || emails.size() > CustomerInput.MAX_EMAILS) {
      faults.add(new Rejected(line, phones.size() > CustomerInput.MAX_PHONES ? "phone" : "email",
          "more than " + (phones.size() > CustomerInput.MAX_PHONES ? CustomerInput.MAX_PHONES
              : CustomerInput.MAX_EMAILS) + " values"));
    }
    if (!faults.isEmpty()) {
      return null;
    }
    return new CustomerFields(name, text(record, c, "given_name", line, faults),
        text(record, c, "family_name", line, faults), CustomerInput.distinct(phones),
        CustomerInput.distinctIgnoreCase(emails), text(record, c, "company", line, faults),
        language == null ? null : CustomerInput.canonicalLanguage(language), zone, attributes);
  }

  /** The trimmed cell of a single-valued column, null when the column is absent or the cell empty. */
  private static String text(CSVRecord record, Columns c, String column, long line, List<Rejected> faults) {
    Integer i = c.single().get(column);
    if (i == null) {
      return null;
    }
    String v = record.get(i).trim();
    if (v.isEmpty()) {
      return null;
    }
    String error = CustomerInput.textError(v);
    if (error != null) {
      faults.add(new Rejected(line, column, error));
      return null;
    }
    return v;
  }

  /** The non-empty values of a cell, split on {@code ;}. */
  private static List<String> cells(String cell) {
    List<String> out = new ArrayList<>();
    for (String part : cell.split(";")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
  }

  /** For tests: the header of a one-line CSV. */
  static Columns header(Reader in) throws IOException, BadHeader {
    try (CSVParser parser = CSVParser.parse(in, CsvRows.FORMAT)) {
      return header(parser.iterator().next());
    }
  }
}
