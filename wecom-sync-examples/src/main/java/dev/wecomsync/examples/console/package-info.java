/**
 * What the demo and the command-line tool share: settings from the environment or a properties
 * file, and progress on a terminal.
 */
package dev.wecomsync.examples.console;
