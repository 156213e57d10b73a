/** Machinery behind {@link dev.wecomsync.server.CallbackServer} on Jetty; not API. */
package dev.wecomsync.server.internal;
