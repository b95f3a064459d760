package io.atrium.edge.traffic;

import io.atrium.sharding.load.EdgeLoad;
import io.atrium.sharding.load.FlowRates;
import java.util.Map;
import java.util.TreeMap;

/** The edge's part of this node's load report, taken from the meter's figures. */
final class EdgeLoads {

  private EdgeLoads() {}

  static EdgeLoad of(LoadReport report) {
    Map<String, FlowRates> routes = new TreeMap<>();
    report.routes().forEach((route, load) -> routes.put(route, flow(load.lambda(), load.completed())));
    Map<String, FlowRates> tenants = new TreeMap<>();
    report.tenants().forEach((tenant, load) -> tenants.put(tenant, flow(load.lambda(), load.completed())));
    return new EdgeLoad(rates(report.lambda()), rates(report.completed()), report.inFlight(), routes, tenants);
  }

  private static FlowRates flow(LoadReport.Rates lambda, LoadReport.Rates completed) {
    return new FlowRates(rates(lambda), rates(completed));
  }

  private static io.atrium.sharding.load.Rates rates(LoadReport.Rates rates) {
    return new io.atrium.sharding.load.Rates(rates.oneSecond(), rates.tenSeconds(), rates.sixtySeconds());
  }
}
