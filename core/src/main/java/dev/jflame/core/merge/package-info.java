/**
 * Merges the profiles of several JVMs (a process tree's spool) into one, with a root frame per
 * process.
 */
package dev.jflame.core.merge;
