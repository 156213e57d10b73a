/**
 * The demo behind the README's first command: a simulated corp synced into H2, kept in step by
 * callbacks, and checked against the source ({@link dev.wecomsync.examples.demo.Demo}).
 */
package dev.wecomsync.examples.demo;
