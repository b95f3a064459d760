package io.atrium.edge.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.atrium.edge.Json;

/** The edge's JSON mapper for bodies built outside a marshaller (SSE data, responses built by hand). */
final class JobJson {

  private JobJson() {}

  static byte[] bytes(Object value) {
    try {
      return Json.MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + value.getClass().getSimpleName(), e);
    }
  }

  static String text(Object value) {
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + value.getClass().getSimpleName(), e);
    }
  }
}
