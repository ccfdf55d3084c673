/**
 * Push mode: every {@code pushperiod} the sampler's period ({@code Sampler.cutPeriod}) is encoded for the
 * store the {@code push} URL names — Grafana Pyroscope's ingest API, or OTLP's profiles signal — and sent
 * from jflame's own thread, with timeouts, retries with backoff from a bounded queue, and one line on
 * stderr when sending starts failing and one when it recovers. Sits beside {@code agent}'s session, which
 * starts it; uses core's model, options and formats.
 */
package dev.jflame.agent.push;
