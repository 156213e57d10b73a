/** The simulator's machinery. Not API: anything here may change in any release. */
package dev.wecomsync.testkit.internal;
