/**
 * {@link dev.wecomsync.server.CallbackServer}: the WeCom callback endpoint on a real HTTP server (Jetty 12), for
 * hosts without a web framework.
 */
package dev.wecomsync.server;
