package io.atrium.edge.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.atrium.config.SettingsException;
import io.atrium.edge.traffic.AdmissionControl.Permit;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdmissionControlTest {

  private static Config withReference(String overrides) {
    return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  @Test
  void referenceDefaultsAreAnAdaptiveLimitThatIsOn() {
    TrafficSettings settings = TrafficSettings.fromConfig(withReference(""));

    AdmissionSettings admission = settings.admission();
    assertTrue(admission.enabled());
    assertEquals(AdmissionSettings.Algorithm.GRADIENT2, admission.algorithm());
    assertEquals(100, admission.initialLimit());
    assertEquals(20, admission.minLimit());
    assertEquals(1000, admission.maxLimit());
    assertTrue(settings.accessLog());
    assertEquals(OptionalInt.of(100), AdmissionControl.create(admission).limit());
  }

  @Test
  void badSettingsNameTheSetting() {
    SettingsException algorithm = assertThrows(SettingsException.class,
        () -> AdmissionSettings.fromConfig(withReference("atrium.http.admission.algorithm = aimd")));
    assertEquals("atrium.http.admission.algorithm", algorithm.setting());

    SettingsException smoothing = assertThrows(SettingsException.class,
        () -> AdmissionSettings.fromConfig(withReference("atrium.http.admission.smoothing = 0")));
    assertEquals("atrium.http.admission.smoothing", smoothing.setting());

    SettingsException bounds = assertThrows(SettingsException.class,
        () -> AdmissionSettings.fromConfig(withReference("atrium.http.admission.min-limit = 200")));
    assertTrue(bounds.getMessage().contains("min-limit <= initial-limit <= max-limit"), bounds.getMessage());
  }

  @Test
  void vegasAndFixedAreAccepted() {
    assertEquals(OptionalInt.of(100), AdmissionControl.create(AdmissionSettings.fromConfig(
        withReference("atrium.http.admission.algorithm = vegas"))).limit());
    assertEquals(OptionalInt.of(7), AdmissionControl.create(AdmissionSettings.fromConfig(withReference("""
        atrium.http.admission { algorithm = fixed, initial-limit = 7, min-limit = 7 }
        """))).limit());
  }

  @Test
  void fixedLimitAdmitsUpToTheLimitAndAPermitFreesItsSlotOnlyOnce() {
    AdmissionControl admission = AdmissionControl.create(AdmissionSettings.fixed(2));
    Permit first = admission.tryAcquire().orElseThrow();
    Permit second = admission.tryAcquire().orElseThrow();
    assertFalse(admission.tryAcquire().isPresent(), "third over a limit of 2");

    first.succeeded(0);
    first.succeeded(0);
    first.dropped();

    assertTrue(admission.tryAcquire().isPresent(), "one slot freed");
    assertFalse(admission.tryAcquire().isPresent(), "a second release of the same permit freed nothing");
    second.dropped();
    assertTrue(admission.tryAcquire().isPresent(), "a dropped request frees its slot too");
  }

  @Test
  void aStalledRequestGivesItsSlotBackOnceAndItsLateEndFreesNothingMore() throws InterruptedException {
    AdmissionControl admission = AdmissionControl.create(fixedWithStallThreshold(2, Duration.ofMillis(20)));
    Permit slow = admission.tryAcquire().orElseThrow();
    admission.tryAcquire().orElseThrow();
    assertEquals(0, admission.releaseStalled(), "nothing has stalled yet");
    assertFalse(admission.tryAcquire().isPresent());

    Thread.sleep(40);
    assertEquals(2, admission.releaseStalled());
    assertEquals(0, admission.releaseStalled(), "released once");
    assertEquals(2, admission.stalledRunning());
    Permit next = admission.tryAcquire().orElseThrow();

    slow.succeeded(Duration.ofMillis(40).toNanos());
    assertEquals(1, admission.stalledRunning());
    admission.tryAcquire().orElseThrow();
    assertFalse(admission.tryAcquire().isPresent(), "the stalled request's end freed no second slot");
    next.succeeded(0);
    assertTrue(admission.tryAcquire().isPresent());
  }

  @Test
  void noMoreStalledRequestsRunThanTheLimit() throws InterruptedException {
    AdmissionControl admission = AdmissionControl.create(fixedWithStallThreshold(2, Duration.ofMillis(20)));
    admission.tryAcquire().orElseThrow();
    admission.tryAcquire().orElseThrow();
    Thread.sleep(40);
    assertEquals(2, admission.releaseStalled());
    admission.tryAcquire().orElseThrow();
    admission.tryAcquire().orElseThrow();
    Thread.sleep(40);
    assertEquals(0, admission.releaseStalled(), "two stalled requests already run beside a limit of two");
    assertFalse(admission.tryAcquire().isPresent());
  }

  private static AdmissionSettings fixedWithStallThreshold(int limit, Duration stallThreshold) {
    return new AdmissionSettings(true, AdmissionSettings.Algorithm.FIXED, limit, limit, limit, 1.5, 0.2, 600, 4,
        stallThreshold, Duration.ZERO);
  }

  @Test
  void duringAHandoverGraceRequestsOverTheLimitAreAdmittedWithoutASlot() {
    AtomicLong now = new AtomicLong(1_000);
    AdmissionSettings settings = new AdmissionSettings(true, AdmissionSettings.Algorithm.FIXED, 1, 1, 1, 1.5, 0.2,
        600, 4, Duration.ofSeconds(1), Duration.ofSeconds(10));
    AdmissionControl admission = AdmissionControl.create(settings, now::get);
    Permit held = admission.tryAcquire().orElseThrow();
    assertFalse(admission.tryAcquire().isPresent(), "no handover seen yet: over the limit is shed");

    admission.handoverObserved();
    now.addAndGet(Duration.ofSeconds(9).toNanos());
    Permit over = admission.tryAcquire().orElseThrow();
    admission.tryAcquire().orElseThrow();
    assertEquals(2, admission.admittedInHandover());
    over.succeeded(0);

    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertFalse(admission.tryAcquire().isPresent(), "grace over, and the over-limit requests freed no slot");
    held.succeeded(0);
    assertTrue(admission.tryAcquire().isPresent(), "the one slot is free again");
  }

  @Test
  void handoverGraceComesFromConfigAndZeroSwitchesItOff() {
    assertEquals(Duration.ofSeconds(20), AdmissionSettings.fromConfig(withReference("")).handoverGrace());
    AdmissionControl admission = AdmissionControl.create(AdmissionSettings.fromConfig(withReference(
        "atrium.http.admission { algorithm = fixed, initial-limit = 1, min-limit = 1, handover-grace = 0s }")));
    admission.tryAcquire().orElseThrow();
    admission.handoverObserved();
    assertFalse(admission.tryAcquire().isPresent());
  }


  @Test
  void offAdmitsEverythingAndHasNoLimit() {
    AdmissionControl admission = AdmissionControl.create(AdmissionSettings.fromConfig(
        withReference("atrium.http.admission.enabled = off")));

    for (int i = 0; i < 5_000; i++) {
      Optional<Permit> permit = admission.tryAcquire();
      assertTrue(permit.isPresent());
    }
    assertEquals(OptionalInt.empty(), admission.limit());
  }
}
