/**
 * An in-process WeCom for tests, demos and benchmarks.
 *
 * <p>{@link dev.wecomsync.testkit.WeComSimulator} serves WeCom's directory APIs for a live, mutable
 * {@link dev.wecomsync.testkit.Org} on a loopback port, with secrets, tokens, limits and faults modelled as
 * WeCom has them; {@link dev.wecomsync.testkit.CallbackSender} delivers WeCom's encrypted contact callbacks to
 * a host's endpoint. Nothing here depends on {@code wecom-sync-core}.
 */
package dev.wecomsync.testkit;
