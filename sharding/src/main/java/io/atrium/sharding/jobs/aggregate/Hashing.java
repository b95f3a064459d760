package io.atrium.sharding.jobs.aggregate;

/**
 * A 64-bit hash of strings that is the same on every JVM and every run (sketches built on different
 * nodes are merged, and persisted): FNV-1a over the UTF-16 code units, then MurmurHash3's fmix64
 * finalizer, which spreads FNV's weak low-entropy bits over the whole word as HyperLogLog needs.
 */
final class Hashing {

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private Hashing() {}

  static long hash64(String value) {
    long hash = FNV_OFFSET;
    for (int i = 0; i < value.length(); i++) {
      hash ^= value.charAt(i);
      hash *= FNV_PRIME;
    }
    return fmix64(hash);
  }

  private static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
