package io.atrium.sharding.jobs.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.atrium.sharding.jobs.rows.Row;
import io.atrium.sharding.records.RecordLimits;
import java.util.Optional;

/**
 * Maps a row to the record an import writes: the key is the text of the key field (checked like any
 * record key), the value is the whole row as a JSON object (checked against the value limits).
 * NDJSON values keep their JSON types; CSV values are strings. Thread-safe.
 */
public final class ImportMapping {

  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private final ImportParams params;
  private final RecordLimits limits;

  private ImportMapping(ImportParams params, RecordLimits limits) {
    this.params = params;
    this.limits = limits;
  }

  public static ImportMapping create(ImportParams params, RecordLimits limits) {
    return new ImportMapping(params, limits);
  }

  public ImportRow map(Row row) {
    String key = row.text(params.keyField());
    if (key == null) {
      return new ImportRow.Rejected(row.line(), ImportFailureReason.NO_KEY,
          "field \"" + params.keyField() + "\" is absent or null");
    }
    Optional<String> keyProblem = limits.keyProblem(key);
    if (keyProblem.isPresent()) {
      return new ImportRow.Rejected(row.line(), ImportFailureReason.INVALID_KEY, keyProblem.get());
    }
    JsonNode value = MAPPER.valueToTree(row.values());
    try {
      String json = limits.serialize(value);
      // Re-reading is how the records' depth limit is checked; a PUT of this JSON would pass it too.
      limits.parse(json);
      return new ImportRow.Write(row.line(), key, json);
    } catch (RecordLimits.ValueTooLargeException e) {
      return new ImportRow.Rejected(row.line(), ImportFailureReason.VALUE_TOO_LARGE, e.getMessage());
    } catch (RecordLimits.InvalidValueException e) {
      return new ImportRow.Rejected(row.line(), ImportFailureReason.INVALID_VALUE, e.getMessage());
    }
  }
}
