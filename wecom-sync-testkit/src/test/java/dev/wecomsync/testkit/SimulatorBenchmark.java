package dev.wecomsync.testkit;

import dev.wecomsync.testkit.internal.DirectoryJson;
import java.util.List;

/**
 * Measures the figures the testkit promises: org generation and user/list latency. Run by hand (see the
 * testkit README section); not a test.
 */
public final class SimulatorBenchmark {

  private SimulatorBenchmark() {}

  public static void main(String[] args) {
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    for (int run = 0; run < 5; run++) {
      long start = System.nanoTime();
      long cpuStart = threads.getCurrentThreadCpuTime();
      Org org = Org.generate(100_000, 3_000, run);
      System.out.printf("generate 100,000 users / 3,000 departments: %.0f ms wall, %.0f ms CPU of this thread (%d users)%n",
          (System.nanoTime() - start) / 1e6, (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6, org.userCount());
    }
    Org org = Org.create();
    SimDepartment big = org.addDepartment("大部门", 1);
    for (SimUser u : Org.generate(1_000, 2, 5).users()) org.addUser(u.withDepartments(List.of(big.id())));
    try (WeComSimulator sim = WeComSimulator.builder().org(org).build()) {
      sim.addAppSecret("s");
      ApiCalls api = new ApiCalls(sim);
      String token = api.token("s");
      for (int i = 0; i < 200; i++) api.get(token, "user/list", "department_id", String.valueOf(big.id()));
      int n = 200;
      long[] nanos = new long[n];
      for (int i = 0; i < n; i++) {
        long start = System.nanoTime();
        api.get(token, "user/list", "department_id", String.valueOf(big.id()));
        nanos[i] = System.nanoTime() - start;
      }
      java.util.Arrays.sort(nanos);
      System.out.printf("user/list, 1,000 members, HTTP round trip incl. client parse: median %.2f ms, p90 %.2f ms%n",
          nanos[n / 2] / 1e6, nanos[n * 9 / 10] / 1e6);
    }
    // the server's own share: read the members and write the JSON
    com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    long[] nanos = new long[200];
    for (int i = 0; i < 400; i++) {
      long start = System.nanoTime();
      com.fasterxml.jackson.databind.node.ObjectNode out = DirectoryJson.ok();
      com.fasterxml.jackson.databind.node.ArrayNode array = out.putArray("userlist");
      for (SimUser u : org.members(big.id())) array.add(DirectoryJson.user(u, false));
      try {
        mapper.writeValueAsBytes(out);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      if (i >= 200) nanos[i - 200] = System.nanoTime() - start;
    }
    java.util.Arrays.sort(nanos);
    System.out.printf("user/list, 1,000 members, server side (members + JSON bytes): median %.2f ms%n", nanos[100] / 1e6);
  }
}
