package io.atrium.sharding.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PoolMeterTest {

  private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);

  @Test
  void samplesTheIntervalKeepsTheServiceTimeWhileStuckAndIsNeutralWhenIdle() {
    PoolMeter meter = new PoolMeter();
    assertEquals(new PoolMeter.Sample(0, 0), meter.sample(0));

    meter.record(2 * MILLI, false);
    meter.record(4 * MILLI, true);
    meter.record(6 * MILLI, false);
    meter.record(8 * MILLI, true);
    assertEquals(new PoolMeter.Sample(5, 0.5), meter.sample(0));

    assertEquals(new PoolMeter.Sample(5, 0), meter.sample(3), "none completed, 3 queued: the last mean stands");
    assertEquals(new PoolMeter.Sample(0, 0), meter.sample(0), "idle: neutral");
    meter.record(MILLI, false);
    assertEquals(new PoolMeter.Sample(1, 0), meter.sample(0));
  }
}
