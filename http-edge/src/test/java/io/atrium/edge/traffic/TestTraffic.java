package io.atrium.edge.traffic;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Builds a {@link TrafficControl} for route tests, optionally on a clock the test moves. */
public final class TestTraffic {

  private TestTraffic() {}

  public static TrafficControl control(AdmissionSettings admission, Duration retryAfter) {
    return control(admission, retryAfter, new AtomicLong());
  }

  public static TrafficControl control(AdmissionSettings admission, Duration retryAfter, AtomicLong clockMillis) {
    return new TrafficControl(AdmissionControl.create(admission), new TrafficMeter(clockMillis::get), true,
        retryAfter, "pekko://test@127.0.0.1:1");
  }
}
