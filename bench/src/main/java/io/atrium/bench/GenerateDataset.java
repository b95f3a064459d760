package io.atrium.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Writes an N-row dataset for the jobs benchmark, the same for the same seed: fields {@code id}
 * (r0, r1, …: the key of an import), {@code region} (8 values), {@code product} (1,000, skewed so a
 * few dominate), {@code user} (N/10), {@code amount} (two decimals, log-normal) and {@code text}
 * (3–8 words of a 200-word vocabulary).
 *
 * <p>{@code java -cp atrium-bench.jar io.atrium.bench.GenerateDataset --rows 1000000 --out data.ndjson
 * [--format ndjson|csv] [--seed 1]}; the format defaults to the file's extension.
 */
public final class GenerateDataset {

  private static final String[] REGIONS = {"eu-west", "eu-north", "us-east", "us-west", "apac", "latam", "mea", "cn"};
  private static final int PRODUCTS = 1000;
  private static final int USERS_PER_ROW = 10;
  private static final int VOCABULARY = 200;
  private static final int MIN_WORDS = 3;
  private static final int MAX_WORDS = 8;

  private GenerateDataset() {}

  public static void main(String[] args) throws IOException {
    Flags flags = Flags.parse(args, Set.of("rows", "out", "format", "seed"));
    String out = flags.get("out", "");
    if (out.isEmpty()) {
      throw new IllegalArgumentException("--out is required");
    }
    boolean csv = flags.get("format", out.endsWith(".csv") ? "csv" : "ndjson").equals("csv");
    int rows = flags.positiveInt("rows", 1_000_000);
    Random random = new Random(Long.parseLong(flags.get("seed", "1")));
    try (BufferedWriter writer = Files.newBufferedWriter(Path.of(out), StandardCharsets.UTF_8)) {
      if (csv) {
        writer.write("id,region,product,user,amount,text\n");
      }
      for (int i = 0; i < rows; i++) {
        String region = REGIONS[random.nextInt(REGIONS.length)];
        // Cubing a uniform number skews it toward 0: product p0 is the most frequent.
        String product = "p" + (int) (Math.pow(random.nextDouble(), 3) * PRODUCTS);
        String user = "u" + random.nextInt(Math.max(1, rows / USERS_PER_ROW));
        String amount = String.format(Locale.ROOT, "%.2f", Math.exp(random.nextGaussian() + 3));
        String text = text(random);
        writer.write(csv
            ? String.join(",", "r" + i, region, product, user, amount, text)
            : String.format(Locale.ROOT,
                "{\"id\":\"r%d\",\"region\":\"%s\",\"product\":\"%s\",\"user\":\"%s\",\"amount\":%s,\"text\":\"%s\"}",
                i, region, product, user, amount, text));
        writer.write('\n');
      }
    }
    System.out.printf(Locale.ROOT, "GenerateDataset: %d rows of %s to %s (%d bytes)%n", rows, csv ? "CSV" : "NDJSON",
        out, Files.size(Path.of(out)));
  }

  private static String text(Random random) {
    int words = MIN_WORDS + random.nextInt(MAX_WORDS - MIN_WORDS + 1);
    StringBuilder text = new StringBuilder();
    for (int w = 0; w < words; w++) {
      text.append(w == 0 ? "" : " ").append("w").append(random.nextInt(VOCABULARY));
    }
    return text.toString();
  }
}
