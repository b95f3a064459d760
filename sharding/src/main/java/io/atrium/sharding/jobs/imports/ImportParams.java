package io.atrium.sharding.jobs.imports;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.persistence.serialization.CborSerializable;
import io.atrium.sharding.jobs.InvalidParamsException;
import io.atrium.sharding.jobs.JsonParams;
import io.atrium.sharding.records.RecordLimits;
import java.util.Set;

/**
 * The params of an {@code import} job, which writes each row as a record of the caller's tenant:
 *
 * <pre>{@code
 * {"collection": "customers",  // required; a valid records collection name
 *  "keyField": "id"}           // required; the field whose value becomes the record's key
 * }</pre>
 */
public record ImportParams(String collection, String keyField) implements CborSerializable {

  private static final Set<String> KNOWN = Set.of("collection", "keyField");

  public static ImportParams parse(JsonNode json, RecordLimits limits) {
    JsonParams params = JsonParams.of(json, KNOWN);
    String collection = params.text("collection");
    limits.collectionProblem(collection).ifPresent(problem -> {
      throw new InvalidParamsException("collection", problem);
    });
    return new ImportParams(collection, params.text("keyField"));
  }
}
