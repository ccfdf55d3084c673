package dev.jflame.core.model;

/**
 * The sampler's counters: the one table that the statistics' merge, the JSON writer and reader, the
 * page's data and the page's header loop over. A new counter is a field in {@link SamplerStats} and a
 * constant here (with a {@link PageFact} if the page should show it); nothing else names the list.
 *
 * <p>The order is the JSON's field order (keep it: profiles written before stay byte-for-byte the same
 * through {@code convert}). The first ones are {@link #required()}: every jflame profile has them; the
 * later ones read as 0 from profiles written before they existed.
 *
 * <p>The constants reach their fields through one switch rather than each in its own body or a lambda: this
 * class loads in every profiled JVM, where a body per constant was 25 more classes to load (~4 ms of a
 * hello-world child's start-up) and a lambda's first bootstrap costs more.
 */
public enum SamplerCounter {
    /** {@link SamplerStats#ticks}. */
    TICKS("ticks", true, Merge.SUM, null),
    /** {@link SamplerStats#samples}. */
    SAMPLES("samples", true, Merge.SUM, null),
    /** {@link SamplerStats#stacksCaptured}. */
    STACKS_CAPTURED("stacksCaptured", true, Merge.SUM, null),
    /** {@link SamplerStats#stacksReused}. */
    STACKS_REUSED("stacksReused", true, Merge.SUM, null),
    /** {@link SamplerStats#waitsChecked}. */
    WAITS_CHECKED("waitsChecked", true, Merge.SUM, null),
    /** {@link SamplerStats#errors}. */
    ERRORS("errors", true, Merge.SUM, null),
    /** {@link SamplerStats#maxThreads}. */
    MAX_THREADS("maxThreads", true, Merge.MAX, null),
    /** {@link SamplerStats#activeNanos}. */
    ACTIVE_NANOS("activeNanos", false, Merge.SUM, null),
    /** {@link SamplerStats#agentSamples}. */
    AGENT_SAMPLES("agentSamples", false, Merge.SUM, new PageFact(6, "jflame\u2019s own", "samples, under [jflame]", null, false)),
    /** {@link SamplerStats#budgetCuts}. */
    BUDGET_CUTS("budgetCuts", false, Merge.SUM, new PageFact(7, "Memory budget reached", "stacks cut short", "The profile reached its memory budget (the memory option): stacks not seen before end at their "
                + "nearest known caller under [truncated: budget]. Totals stay exact; raise memory= to keep more detail.", true)),
    /** {@link SamplerStats#asyncEvents}. */
    ASYNC_EVENTS("asyncEvents", false, Merge.SUM, null),
    /** {@link SamplerStats#asyncSamples}. */
    ASYNC_SAMPLES("asyncSamples", false, Merge.SUM, null),
    /** {@link SamplerStats#notSampled}. */
    NOT_SAMPLED("notSampled", false, Merge.SUM, new PageFact(1, "Not sampled by JFR", "running samples under [running, no JFR sample]", "Ticks where the thread was running but JFR took no stack of it in that window (it ran in the VM, "
                + "or more threads ran than JFR samples per period). Counted, not given a guessed stack.", false)),
    /** {@link SamplerStats#safepoints}. */
    SAFEPOINTS("safepoints", false, Merge.SUM, new PageFact(2, "Safepoints by jflame", "", "Stack captures that paused every thread of the JVM (JDK 11\u201320 take another thread\u2019s stack at a global "
                + "safepoint). With JFR giving the running stacks they are at most 10 a second; engine=java takes one per tick.", false)),
    /** {@link SamplerStats#waitsReused}. */
    WAITS_REUSED("waitsReused", false, Merge.SUM, new PageFact(3, "Waits between captures", "new waits took the stack of the thread\u2019s last wait on the same lock", "Between two captures the safepoint budget allows, a thread that waits again on the same lock (monitor, "
                + "condition, blocker) in the same state is given the stack of its previous wait there; the next capture checks it.", false)),
    /** {@link SamplerStats#waitReusesChecked}. */
    WAIT_REUSES_CHECKED("waitReusesChecked", false, Merge.SUM, null),
    /** {@link SamplerStats#waitReusesWrong}. */
    WAIT_REUSES_WRONG("waitReusesWrong", false, Merge.SUM, null),
    /** {@link SamplerStats#waitStacksFromJfr}. */
    WAIT_STACKS_FROM_JFR("waitStacksFromJfr", false, Merge.SUM, new PageFact(4, "Wait stacks from JFR", "wait samples took their stack from JFR\u2019s record of the same wait", "A wait that began and ended between two captures the safepoint budget allows gets the stack JFR recorded "
                + "for it (its sleep, monitor and park events, which the waiting thread takes itself, with no safepoint).", false)),
    /** {@link SamplerStats#holdersRead}. */
    HOLDERS_READ("holdersRead", false, Merge.SUM, null),
    /** {@link SamplerStats#waitsEndedBeforeCapture}. */
    WAITS_ENDED_BEFORE_CAPTURE("waitsEndedBeforeCapture", false, Merge.SUM, null),
    /** {@link SamplerStats#freshTrees}. */
    FRESH_TREES("freshTrees", false, Merge.SUM, null),
    /** {@link SamplerStats#virtualCensuses}. */
    VIRTUAL_CENSUSES("virtualCensuses", false, Merge.SUM, null),
    /** {@link SamplerStats#virtualThreadsCounted}. */
    VIRTUAL_THREADS_COUNTED("virtualThreadsCounted", false, Merge.SUM, null),
    /** {@link SamplerStats#virtualCensusCpuMicros}. */
    VIRTUAL_CENSUS_CPU_MICROS("virtualCensusCpuMicros", false, Merge.SUM, null),
    /** {@link SamplerStats#virtualPins}. */
    VIRTUAL_PINS("virtualPins", false, Merge.SUM, null);

    private final String key;
    private final boolean required;
    private final Merge merge;
    private final PageFact fact;

    SamplerCounter(String key, boolean required, Merge merge, PageFact fact) {
        this.key = key;
        this.required = required;
        this.merge = merge;
        this.fact = fact;
    }

    /** The counter's value in {@code s}. */
    public long of(SamplerStats s) {
        switch (this) {
            case TICKS:
                return s.ticks;
            case SAMPLES:
                return s.samples;
            case STACKS_CAPTURED:
                return s.stacksCaptured;
            case STACKS_REUSED:
                return s.stacksReused;
            case WAITS_CHECKED:
                return s.waitsChecked;
            case ERRORS:
                return s.errors;
            case MAX_THREADS:
                return s.maxThreads;
            case ACTIVE_NANOS:
                return s.activeNanos;
            case AGENT_SAMPLES:
                return s.agentSamples;
            case BUDGET_CUTS:
                return s.budgetCuts;
            case ASYNC_EVENTS:
                return s.asyncEvents;
            case ASYNC_SAMPLES:
                return s.asyncSamples;
            case NOT_SAMPLED:
                return s.notSampled;
            case SAFEPOINTS:
                return s.safepoints;
            case WAITS_REUSED:
                return s.waitsReused;
            case WAIT_REUSES_CHECKED:
                return s.waitReusesChecked;
            case WAIT_REUSES_WRONG:
                return s.waitReusesWrong;
            case WAIT_STACKS_FROM_JFR:
                return s.waitStacksFromJfr;
            case HOLDERS_READ:
                return s.holdersRead;
            case WAITS_ENDED_BEFORE_CAPTURE:
                return s.waitsEndedBeforeCapture;
            case FRESH_TREES:
                return s.freshTrees;
            case VIRTUAL_CENSUSES:
                return s.virtualCensuses;
            case VIRTUAL_THREADS_COUNTED:
                return s.virtualThreadsCounted;
            case VIRTUAL_CENSUS_CPU_MICROS:
                return s.virtualCensusCpuMicros;
            case VIRTUAL_PINS:
                return s.virtualPins;
            default:
                throw new AssertionError(this);
        }
    }

    /** Sets the counter in {@code s} (a profile read back). */
    public void set(SamplerStats s, long v) {
        switch (this) {
            case TICKS:
                s.ticks = v;
                return;
            case SAMPLES:
                s.samples = v;
                return;
            case STACKS_CAPTURED:
                s.stacksCaptured = v;
                return;
            case STACKS_REUSED:
                s.stacksReused = v;
                return;
            case WAITS_CHECKED:
                s.waitsChecked = v;
                return;
            case ERRORS:
                s.errors = v;
                return;
            case MAX_THREADS:
                s.maxThreads = (int) Math.min(Integer.MAX_VALUE, v);
                return;
            case ACTIVE_NANOS:
                s.activeNanos = v;
                return;
            case AGENT_SAMPLES:
                s.agentSamples = v;
                return;
            case BUDGET_CUTS:
                s.budgetCuts = v;
                return;
            case ASYNC_EVENTS:
                s.asyncEvents = v;
                return;
            case ASYNC_SAMPLES:
                s.asyncSamples = v;
                return;
            case NOT_SAMPLED:
                s.notSampled = v;
                return;
            case SAFEPOINTS:
                s.safepoints = v;
                return;
            case WAITS_REUSED:
                s.waitsReused = v;
                return;
            case WAIT_REUSES_CHECKED:
                s.waitReusesChecked = v;
                return;
            case WAIT_REUSES_WRONG:
                s.waitReusesWrong = v;
                return;
            case WAIT_STACKS_FROM_JFR:
                s.waitStacksFromJfr = v;
                return;
            case HOLDERS_READ:
                s.holdersRead = v;
                return;
            case WAITS_ENDED_BEFORE_CAPTURE:
                s.waitsEndedBeforeCapture = v;
                return;
            case FRESH_TREES:
                s.freshTrees = v;
                return;
            case VIRTUAL_CENSUSES:
                s.virtualCensuses = v;
                return;
            case VIRTUAL_THREADS_COUNTED:
                s.virtualThreadsCounted = v;
                return;
            case VIRTUAL_CENSUS_CPU_MICROS:
                s.virtualCensusCpuMicros = v;
                return;
            case VIRTUAL_PINS:
                s.virtualPins = v;
                return;
            default:
                throw new AssertionError(this);
        }
    }

    /** Its name in jflame's JSON and in the page's data, e.g. {@code budgetCuts}. */
    public String key() {
        return key;
    }

    /** Whether every jflame profile has it (a reader refuses a profile without it). */
    public boolean required() {
        return required;
    }

    /** {@code into}'s counter with {@code o}'s added: summed, or the larger for a maximum. */
    void addInto(SamplerStats into, SamplerStats o) {
        set(into, merge == Merge.MAX ? Math.max(of(into), of(o)) : of(into) + of(o));
    }

    /** How the page's header shows the counter where it is not 0, or null where the page does not show it. */
    public PageFact fact() {
        return fact;
    }

    private enum Merge { SUM, MAX }

    /**
     * A line of the page's header for a counter: its label, the words after the number, the tooltip,
     * whether it is a warning, and where it goes among the other counters' lines ({@code order}, so
     * the JSON's order need not be the page's).
     */
    public static final class PageFact {
        public final int order;
        public final String label;
        public final String text;
        public final String tip;
        public final boolean warn;

        PageFact(int order, String label, String text, String tip, boolean warn) {
            this.order = order;
            this.label = label;
            this.text = text;
            this.tip = tip;
            this.warn = warn;
        }
    }
}
