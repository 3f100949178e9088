package io.switchboard.bench;

import io.switchboard.config.Settings;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.contacts.ContactStore;
import io.switchboard.contacts.PgContactStore;
import io.switchboard.customers.CsvImport;
import io.switchboard.records.Database;
import io.switchboard.support.TestPostgres;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * How fast a contact list imports a CSV file: {@code rows} generated contacts (a name, one or two numbers in four
 * US area codes, no time zone so that each is inferred from its number, two attributes; one row in 50 repeats an
 * earlier row's number, a duplicate) imported through the real {@link CsvImport} and {@link PgContactStore} (COPY,
 * then the set-based merge) into a real PostgreSQL (the embedded one, a fresh database), all in one transaction;
 * then the same file again into the same list (every row an update or a duplicate).
 *
 * <p>Run (docs/benchmarks.md): {@code java -cp ... io.switchboard.bench.ContactImportBenchmark [rows]} (default
 * 1000000). Prints rows/s per pass and the JVM's used heap after it (flat: the file is streamed row by row).
 */
public final class ContactImportBenchmark {
  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Path csv = Files.createTempFile("contacts-bench", ".csv");
    try {
      write(csv, rows);
      System.out.printf("file: %d rows, %.1f MB%n", rows, Files.size(csv) / 1e6);
      SwitchboardConfig config = SwitchboardConfig.from(Settings.of(Map.of("database.url",
          TestPostgres.newDatabase("contact_import_bench"), "media.bind-host", "127.0.0.1", "sip.host", "127.0.0.1")));
      try (Database db = Database.open(config.records(), Path.of("unused"))) {
        PgContactStore store = new PgContactStore(db.dataSource());
        String list = store.createList("bench", new ContactStore.ListFields("bench", null)).id();
        for (String pass : new String[] {"first import (creates)", "same file again (updates)"}) {
          long started = System.nanoTime();
          ContactStore.ImportResult r;
          try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            CsvImport reader = new CsvImport("US", 5000);
            r = store.importRows("bench", list, sink -> reader.runRows(in, sink));
          }
          double seconds = (System.nanoTime() - started) / 1e9;
          Runtime rt = Runtime.getRuntime();
          System.gc();
          System.out.printf("%s: %d rows in %.1f s = %.0f rows/s (created %d, updated %d, duplicates %d, "
                  + "rejected %d); heap used after %d MB%n", pass, r.rows(), seconds, r.rows() / seconds, r.created(),
              r.updated(), r.duplicates(), r.rejectedRows(), (rt.totalMemory() - rt.freeMemory()) >> 20);
        }
      }
    } finally {
      Files.deleteIfExists(csv);
    }
    System.exit(0);
  }

  public static void write(Path csv, int rows) throws Exception {
    String[] areas = {"212", "312", "415", "303"};
    try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      out.write("name,phone,attr.segment,attr.account\n");
      for (int i = 0; i < rows; i++) {
        int n = i % 50 == 49 ? i - 7 : i; // every 50th row repeats an earlier row's number: a duplicate
        String area = areas[n % areas.length];
        String phone = "+1" + area + String.format("%07d", 2_000_000 + n % 8_000_000);
        String second = i % 3 == 0 ? ";+1" + areas[(n + 1) % areas.length] + String.format("%07d", 2_000_000 + n
            % 8_000_000) : "";
        out.write("Contact " + i + "," + phone + second + "," + (i % 5 == 0 ? "gold" : "silver") + ",A-" + i + "\n");
      }
    }
  }
}
