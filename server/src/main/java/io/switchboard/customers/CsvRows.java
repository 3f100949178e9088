package io.switchboard.customers;

import java.io.Reader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV file (RFC 4180) read as an import reads it: the header row first, then each data row with the 1-based line
 * it starts on, as a stream. A row refused by the caller is counted and its faults listed (at most {@link
 * CsvImport#MAX_LISTED}, all counted); a file that stops being CSV part-way is one more rejected row and ends the
 * reading. Shared by the customers' and the contact lists' import and the do-not-call list's. Not thread-safe: one
 * reading per instance.
 */
public final class CsvRows {
  static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

  /** Reads the header row into what the rows are read with; {@link CsvImport.BadHeader} refuses the file. */
  @FunctionalInterface
  public interface Header<H> {
    H read(CSVRecord header) throws CsvImport.BadHeader;
  }

  /** Takes one data row; false when it is rejected, {@code faults} saying why. */
  @FunctionalInterface
  public interface Rows<H> {
    boolean take(CSVRecord record, H header, long line, List<CsvImport.Rejected> faults) throws Exception;
  }

  private long rows;
  private long rejectedRows;
  private final List<CsvImport.Rejected> rejected = new ArrayList<>();

  /** @param empty what a file without even a header row is refused with */
  public <H> void read(Reader in, String empty, Header<H> header, Rows<H> each) throws Exception {
    try (CSVParser parser = CSVParser.parse(in, FORMAT)) {
      Iterator<CSVRecord> records = parser.iterator();
      if (!records.hasNext()) {
        throw new CsvImport.BadHeader(empty);
      }
      H columns = header.read(records.next());
      long lineEnd = parser.getCurrentLineNumber();
      while (true) {
        CSVRecord record;
        try {
          if (!records.hasNext()) {
            return;
          }
          record = records.next();
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
          Throwable why = e.getCause() != null ? e.getCause() : e;
          reject(List.of(new CsvImport.Rejected(lineEnd + 1, null, "is not valid CSV (" + why.getMessage()
              + "); the rest of the file was not read")));
          return;
        }
        long line = lineEnd + 1;
        lineEnd = parser.getCurrentLineNumber();
        rows++;
        List<CsvImport.Rejected> faults = new ArrayList<>();
        if (!each.take(record, columns, line, faults)) {
          reject(faults);
        }
      }
    }
  }

  private void reject(List<CsvImport.Rejected> faults) {
    rejectedRows++;
    for (CsvImport.Rejected f : faults) {
      if (rejected.size() < CsvImport.MAX_LISTED) {
        rejected.add(f);
      }
    }
  }

  /** Data rows read (the rejected ones too). */
  public long rows() {
    return rows;
  }

  public long rejectedRows() {
    return rejectedRows;
  }

  /** The faults listed, in line order. */
  public List<CsvImport.Rejected> rejected() {
    return List.copyOf(rejected);
  }
}
