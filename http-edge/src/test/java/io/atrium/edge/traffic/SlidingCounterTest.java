package io.atrium.edge.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class SlidingCounterTest {

  private final SlidingCounter counter = new SlidingCounter();

  private void times(int n, long atMillis) {
    for (int i = 0; i < n; i++) {
      counter.increment(atMillis);
    }
  }

  @Test
  void windowsCountOnlyCompleteSeconds() {
    times(3, 100);
    times(2, 1_500);

    assertEquals(3, counter.count(1_900, 1), "second 0 is complete, second 1 is not");
    assertEquals(3, counter.count(1_900, 10));
    assertEquals(2, counter.count(2_000, 1));
    assertEquals(5, counter.count(2_000, 10));
    assertEquals(5, counter.count(2_000, 60));
  }

  @Test
  void rateIsCountOverWindowLength() {
    times(30, 4_200);
    times(10, 9_999);

    assertEquals(10.0, counter.rate(10_000, 1), 1e-9);
    assertEquals(4.0, counter.rate(10_000, 10), 1e-9);
    assertEquals(40.0 / 60, counter.rate(10_000, 60), 1e-9);
  }

  @Test
  void secondsOlderThanTheWindowNoLongerCount() {
    times(4, 5_500);

    assertEquals(4, counter.count(65_999, 60), "window covers seconds 5..64");
    assertEquals(0, counter.count(66_000, 60), "window covers seconds 6..65");
    assertEquals(0, counter.count(16_000, 10), "window covers seconds 6..15");
  }

  @Test
  void aBucketReusedForALaterSecondForgetsItsOldCount() {
    times(7, 500);
    times(2, 61_500); // the same slot of the 61-slot ring as second 0

    assertEquals(2, counter.count(62_000, 60));
    assertEquals(2, counter.count(62_000, 1));
  }

  @Test
  void windowOutsideTheHorizonIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> counter.count(0, 0));
    assertThrows(IllegalArgumentException.class, () -> counter.count(0, 61));
  }

  /** Starts the threads so that they begin their work at the same moment. */
  private static List<Thread> startTogether(int threads, Runnable work) {
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        work.run();
      });
      worker.start();
      workers.add(worker);
    }
    go.countDown();
    return workers;
  }

  @Test
  void concurrentIncrementsInOneSecondAreAllCounted() throws InterruptedException {
    int threads = 8;
    int each = 20_000;
    List<Thread> workers = startTogether(threads, () -> times(each, 3_250));
    for (Thread worker : workers) {
      worker.join();
    }

    assertEquals((long) threads * each, counter.count(4_000, 1));
  }

  @Test
  void totalCountsEveryEventSinceStartAcrossReusedBuckets() {
    times(7, 500);
    times(2, 61_500); // reuses second 0's slot
    times(3, 200_000);

    assertEquals(12, counter.total());
    assertEquals(12, counter.total(), "reading does not change it");
  }

  @Test
  void totalNeverGoesBackWhileBucketsAreReusedConcurrently() throws InterruptedException {
    int threads = 2;
    int seconds = 500; // every slot of the ring is reused several times
    int perSecond = 200;
    List<Thread> workers = startTogether(threads, () -> {
      for (int second = 0; second < seconds; second++) {
        times(perSecond, second * 1000L);
      }
    });
    long last = 0;
    while (workers.stream().anyMatch(Thread::isAlive)) {
      long total = counter.total();
      assertTrue(total >= last, total + " after " + last);
      last = total;
    }
    for (Thread worker : workers) {
      worker.join();
    }

    assertEquals((long) threads * seconds * perSecond, counter.total());
  }
}
