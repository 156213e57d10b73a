package dev.wecomsync.testkit;

import java.util.List;

/**
 * A simulated user's {@code external_profile}: what external contacts see. {@code externalCorpName} may be
 * {@code null} (then it is left out of the JSON).
 */
public record SimExternalProfile(String externalCorpName, List<SimExtAttr> externalAttrs) {

  public SimExternalProfile {
    externalAttrs = externalAttrs == null ? List.of() : List.copyOf(externalAttrs);
  }
}
