package io.atrium.sharding.load;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.util.List;

/**
 * Samples this JVM's resources from JMX (Pekko's cluster-metrics module is not available here).
 * GC figures are reported as the change since the previous sample. Not thread-safe: one reporter
 * owns it.
 */
final class ResourceSampler {

  /** What one sample measured; see {@link NodeLoad} for the meaning of each field. */
  record Resources(double processCpu, double systemCpu, long heapUsed, long heapMax, long gcMillis, long gcCount) {}

  private static final double UNKNOWN = -1;

  private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
  private long lastGcMillis;
  private long lastGcCount;

  ResourceSampler() {
    // The first report's GC delta counts from start-up sampling, not from JVM start.
    lastGcMillis = totalGcMillis();
    lastGcCount = totalGcCount();
  }

  Resources sample() {
    MemoryUsage heap = memory.getHeapMemoryUsage();
    long gcMillis = totalGcMillis();
    long gcCount = totalGcCount();
    Resources resources = new Resources(processCpu(), systemCpu(), heap.getUsed(), heap.getMax(),
        gcMillis - lastGcMillis, gcCount - lastGcCount);
    lastGcMillis = gcMillis;
    lastGcCount = gcCount;
    return resources;
  }

  private double processCpu() {
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? load(sun.getProcessCpuLoad()) : UNKNOWN;
  }

  private double systemCpu() {
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? load(sun.getCpuLoad()) : UNKNOWN;
  }

  /** The bean answers a negative value when it cannot tell (e.g. right after start). */
  private static double load(double value) {
    return value < 0 || Double.isNaN(value) ? UNKNOWN : value;
  }

  private long totalGcMillis() {
    // A collector that cannot tell answers -1; leave it out rather than subtract it.
    return collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).filter(t -> t > 0).sum();
  }

  private long totalGcCount() {
    return collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).filter(c -> c > 0).sum();
  }
}
