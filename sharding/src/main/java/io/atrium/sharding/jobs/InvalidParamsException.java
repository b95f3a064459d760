package io.atrium.sharding.jobs;

/** A job's params are missing, of the wrong type or out of range; the edge answers 400 with the message. */
public final class InvalidParamsException extends IllegalArgumentException {

  public InvalidParamsException(String param, String problem) {
    super("params." + param + ": " + problem);
  }
}
