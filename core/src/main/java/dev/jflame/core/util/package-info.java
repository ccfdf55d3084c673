/**
 * Small helpers with no knowledge of profiles: a primitive map, process ids. The bottom of the map:
 * depends on nothing of jflame's.
 */
package dev.jflame.core.util;
