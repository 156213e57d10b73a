/**
 * {@code wecom-sync}, the command-line tool ({@link dev.wecomsync.examples.cli.WeComSyncCommand}):
 * {@code sync}, {@code serve}, {@code check} and {@code demo}.
 */
package dev.wecomsync.examples.cli;
