package io.atrium.sharding.load;

/** Read access to the cluster's load reports, for consumers on the request path. */
public interface ClusterLoadView {

  /** Grows whenever the reports change (at least once per report interval); reading it is cheap. */
  long version();

  /** Every member's latest report with its age, as of now; builds a snapshot, so call it sparingly. */
  ClusterLoad clusterLoad();
}
