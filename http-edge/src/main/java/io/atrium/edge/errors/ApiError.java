package io.atrium.edge.errors;

import java.util.Map;

/**
 * The one error shape every client sees: {@code {"error": {"code": "...", "message": "..."}}}, plus
 * optional machine-readable details (e.g. the current version on a failed precondition).
 */
public record ApiError(Body error) {

  public record Body(String code, String message, Map<String, Object> details) {}

  public static ApiError of(String code, String message) {
    return new ApiError(new Body(code, message, null));
  }

  public static ApiError of(String code, String message, Map<String, Object> details) {
    return new ApiError(new Body(code, message, details));
  }
}
