package io.switchboard.bench;

import io.switchboard.config.Settings;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.customers.CsvImport;
import io.switchboard.customers.PgCustomerStore;
import io.switchboard.records.Database;
import io.switchboard.support.TestPostgres;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * How fast a CSV import writes customers: {@code rows} generated customers (two numbers, an e-mail, a company, a
 * language, a time zone and two attributes each; one row in 50 repeats an earlier row's number and so updates it)
 * imported through the real {@link CsvImport} into a real PostgreSQL (the embedded one, a fresh database) with
 * {@link PgCustomerStore}, in batches of {@code batch}; then the same file again (every row an update).
 *
 * <p>Run: {@code mvn -B -o -q -pl server -am test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.switchboard.bench.CustomerImportBenchmark [-Dexec.args="rows batch"]} (defaults 100000 500).
 * Prints rows/s and the JVM's used heap after each pass (it stays flat: the file is read row by row).
 */
public final class CustomerImportBenchmark {
  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    Path csv = Files.createTempFile("customers-bench", ".csv");
    try {
      write(csv, rows);
      System.out.printf("file: %d rows, %.1f MB%n", rows, Files.size(csv) / 1e6);
      SwitchboardConfig config = SwitchboardConfig.from(Settings.of(Map.of("database.url",
          TestPostgres.newDatabase("customer_import_bench"), "media.bind-host", "127.0.0.1", "sip.host", "127.0.0.1")));
      try (Database db = Database.open(config.records(), Path.of("unused"))) {
        PgCustomerStore store = new PgCustomerStore(db.dataSource());
        for (String pass : new String[] {"first import (creates)", "same file again (updates)"}) {
          long started = System.nanoTime();
          CsvImport.Result r;
          try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            r = new CsvImport("US", batch).run(in, list -> store.importBatch("bench", list));
          }
          double seconds = (System.nanoTime() - started) / 1e9;
          Runtime rt = Runtime.getRuntime();
          System.gc();
          System.out.printf("%s: %d rows in %.1f s = %.0f rows/s (created %d, updated %d, rejected %d); "
                  + "heap used after %d MB%n", pass, r.rows(), seconds, r.rows() / seconds, r.created(), r.updated(),
              r.rejectedRows(), (rt.totalMemory() - rt.freeMemory()) >> 20);
        }
      }
    } finally {
      Files.deleteIfExists(csv);
    }
    System.exit(0);
  }

  static void write(Path csv, int rows) throws Exception {
    try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      out.write("name,phone,email,company,language,timezone,attr.tier,attr.account\n");
      String[] zones = {"America/New_York", "America/Chicago", "Europe/Madrid", "America/Los_Angeles"};
      for (int i = 0; i < rows; i++) {
        int n = i % 50 == 49 ? i - 7 : i; // every 50th row repeats an earlier row's numbers: an update
        out.write("Customer " + i + ",+1202" + String.format("%07d", n) + ";+1303" + String.format("%07d", n)
            + ",c" + i + "@example.com,Company " + (i % 997) + "," + (i % 3 == 0 ? "es" : "en") + ","
            + zones[i % zones.length] + "," + (i % 5 == 0 ? "gold" : "silver") + ",A-" + i + "\n");
      }
    }
  }
}
