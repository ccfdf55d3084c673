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
 * <p>Each constant reaches its field in its own body rather than through a lambda: the sampler starts
 * in premain, where a lambda's first bootstrap costs start-up time.
 */
public enum SamplerCounter {
    /** {@link SamplerStats#ticks}. */
    TICKS("ticks", true, Merge.SUM, null) {
        @Override
        public long of(SamplerStats s) {
            return s.ticks;
        }

        @Override
        public void set(SamplerStats s, long v) {
            s.ticks = v;
        }
    },
    /** {@link SamplerStats#samples}. */
    SAMPLES("samples", true, Merge.SUM, null) {
        @Override
        public long of(SamplerStats s) {
            return s.samples;
        }

        @Override
        public void set(SamplerStats s, long v) {
            s.samples = v;
        }
    },
    /** {@link SamplerStats#stacksCaptured}. */
    STACKS_CAPTURED("stacksCaptured", true, Merge.SUM, null) {
        @Override
        public long of(SamplerStats s) {
            return s.stacksCaptured;
        }

        @Override
        public void set(SamplerStats s, long v) {
            s.stacksCaptured = v;
        }
    },
    /** {@link SamplerStats#stacksReused}. */
    STACKS_REUSED("stacksReused", true, Merge.SUM, null) {
        @Override
        public long of(SamplerStats s) {
            return s.stacksReused;
        }

        @Override
        public void set(SamplerStats s, long v) {
            s.stacksReused = v;
        }
    },
    /** {@link SamplerStats#waitsChecked}. */
    WAITS_CHECKED("waitsChecked", true, Merge.SUM, null) {
        @Override
        public long of(SamplerStats s) {
            return s.waitsChecked;
        }

        @Override
        public void set(SamplerStats s, long v) {
            s.waitsChecked = v;
        }
    },
    /** {@link SamplerStats#errors}. */
    ERRORS("errors", true, Merge.SUM, null) {
        @Override
        public long of(SamplerStats s) {
            return s.errors;
        }

        @Override
        public void set(SamplerStats s, long v) {
            s.errors = v;
        }
    },
    /** {@link SamplerStats#maxThreads}. */
    MAX_THREADS("maxThreads", true, Merge.MAX, null) {
        @Override
        public long of(SamplerStats s) {
            return s.maxThreads;
        }

        @Override
        public void set(SamplerStats s, long v) {
            s.maxThreads = (int) Math.min(Integer.MAX_VALUE, v);
        }
    },
    /** {@link SamplerStats#activeNanos}. */
    ACTIVE_NANOS("activeNanos", false, Merge.SUM, null) {
        @Override
        public long of(SamplerStats s) {
            return s.activeNanos;
        }

        @Override
        public void set(SamplerStats s, long v) {
            s.activeNanos = v;
        }
    },
    /** {@link SamplerStats#agentSamples}. */
    AGENT_SAMPLES("agentSamples", false, Merge.SUM, new PageFact(6, "jflame\u2019s own", "samples, under [jflame]", null, false)) {
        @Override
        public long of(SamplerStats s) {
            return s.agentSamples;
        }

        @Override
        public void set(SamplerStats s, long v) {
            s.agentSamples = v;
        }
    },
    /** {@link SamplerStats#budgetCuts}. */
    BUDGET_CUTS("budgetCuts", false, Merge.SUM, new PageFact(7, "Memory budget reached", "stacks cut short", "The profile reached its memory budget (the memory option): stacks not seen before end at their "
                + "nearest known caller under [truncated: budget]. Totals stay exact; raise memory= to keep more detail.", true)) {
        @Override
        public long of(SamplerStats s) {
            return s.budgetCuts;
        }

        @Override
        public void set(SamplerStats s, long v) {
            s.budgetCuts = v;
        }
    },
    /** {@link SamplerStats#asyncEvents}. */
    ASYNC_EVENTS("asyncEvents", false, Merge.SUM, null) {
        @Override
        public long of(SamplerStats s) {
            return s.asyncEvents;
        }

        @Override
        public void set(SamplerStats s, long v) {
            s.asyncEvents = v;
        }
    },
    /** {@link SamplerStats#asyncSamples}. */
    ASYNC_SAMPLES("asyncSamples", false, Merge.SUM, null) {
        @Override
        public long of(SamplerStats s) {
            return s.asyncSamples;
        }

        @Override
        public void set(SamplerStats s, long v) {
            s.asyncSamples = v;
        }
    },
    /** {@link SamplerStats#notSampled}. */
    NOT_SAMPLED("notSampled", false, Merge.SUM, new PageFact(1, "Not sampled by JFR", "running samples under [running, no JFR sample]", "Ticks where the thread was running but JFR took no stack of it in that window (it ran in the VM, "
                + "or more threads ran than JFR samples per period). Counted, not given a guessed stack.", false)) {
        @Override
        public long of(SamplerStats s) {
            return s.notSampled;
        }

        @Override
        public void set(SamplerStats s, long v) {
            s.notSampled = v;
        }
    },
    /** {@link SamplerStats#safepoints}. */
    SAFEPOINTS("safepoints", false, Merge.SUM, new PageFact(2, "Safepoints by jflame", "", "Stack captures that paused every thread of the JVM (JDK 11\u201320 take another thread\u2019s stack at a global "
                + "safepoint). With JFR giving the running stacks they are at most 10 a second; engine=java takes one per tick.", false)) {
        @Override
        public long of(SamplerStats s) {
            return s.safepoints;
        }

        @Override
        public void set(SamplerStats s, long v) {
            s.safepoints = v;
        }
    },
    /** {@link SamplerStats#waitsReused}. */
    WAITS_REUSED("waitsReused", false, Merge.SUM, new PageFact(3, "Waits between captures", "new waits took the stack of the thread\u2019s last wait on the same lock", "Between two captures the safepoint budget allows, a thread that waits again on the same lock (monitor, "
                + "condition, blocker) in the same state is given the stack of its previous wait there; the next capture checks it.", false)) {
        @Override
        public long of(SamplerStats s) {
            return s.waitsReused;
        }

        @Override
        public void set(SamplerStats s, long v) {
            s.waitsReused = v;
        }
    },
    /** {@link SamplerStats#waitReusesChecked}. */
    WAIT_REUSES_CHECKED("waitReusesChecked", false, Merge.SUM, null) {
        @Override
        public long of(SamplerStats s) {
            return s.waitReusesChecked;
        }

        @Override
        public void set(SamplerStats s, long v) {
            s.waitReusesChecked = v;
        }
    },
    /** {@link SamplerStats#waitReusesWrong}. */
    WAIT_REUSES_WRONG("waitReusesWrong", false, Merge.SUM, null) {
        @Override
        public long of(SamplerStats s) {
            return s.waitReusesWrong;
        }

        @Override
        public void set(SamplerStats s, long v) {
            s.waitReusesWrong = v;
        }
    },
    /** {@link SamplerStats#waitStacksFromJfr}. */
    WAIT_STACKS_FROM_JFR("waitStacksFromJfr", false, Merge.SUM, new PageFact(4, "Wait stacks from JFR", "wait samples took their stack from JFR\u2019s record of the same wait", "A wait that began and ended between two captures the safepoint budget allows gets the stack JFR recorded "
                + "for it (its sleep, monitor and park events, which the waiting thread takes itself, with no safepoint).", false)) {
        @Override
        public long of(SamplerStats s) {
            return s.waitStacksFromJfr;
        }

        @Override
        public void set(SamplerStats s, long v) {
            s.waitStacksFromJfr = v;
        }
    },
    /** {@link SamplerStats#holdersRead}. */
    HOLDERS_READ("holdersRead", false, Merge.SUM, null) {
        @Override
        public long of(SamplerStats s) {
            return s.holdersRead;
        }

        @Override
        public void set(SamplerStats s, long v) {
            s.holdersRead = v;
        }
    },
    /** {@link SamplerStats#waitsEndedBeforeCapture}. */
    WAITS_ENDED_BEFORE_CAPTURE("waitsEndedBeforeCapture", false, Merge.SUM, null) {
        @Override
        public long of(SamplerStats s) {
            return s.waitsEndedBeforeCapture;
        }

        @Override
        public void set(SamplerStats s, long v) {
            s.waitsEndedBeforeCapture = v;
        }
    },
    /** {@link SamplerStats#freshTrees}. */
    FRESH_TREES("freshTrees", false, Merge.SUM, null) {
        @Override
        public long of(SamplerStats s) {
            return s.freshTrees;
        }

        @Override
        public void set(SamplerStats s, long v) {
            s.freshTrees = v;
        }
    },
    /** {@link SamplerStats#virtualCensuses}. */
    VIRTUAL_CENSUSES("virtualCensuses", false, Merge.SUM, null) {
        @Override
        public long of(SamplerStats s) {
            return s.virtualCensuses;
        }

        @Override
        public void set(SamplerStats s, long v) {
            s.virtualCensuses = v;
        }
    },
    /** {@link SamplerStats#virtualThreadsCounted}. */
    VIRTUAL_THREADS_COUNTED("virtualThreadsCounted", false, Merge.SUM, null) {
        @Override
        public long of(SamplerStats s) {
            return s.virtualThreadsCounted;
        }

        @Override
        public void set(SamplerStats s, long v) {
            s.virtualThreadsCounted = v;
        }
    },
    /** {@link SamplerStats#virtualCensusCpuMicros}. */
    VIRTUAL_CENSUS_CPU_MICROS("virtualCensusCpuMicros", false, Merge.SUM, null) {
        @Override
        public long of(SamplerStats s) {
            return s.virtualCensusCpuMicros;
        }

        @Override
        public void set(SamplerStats s, long v) {
            s.virtualCensusCpuMicros = v;
        }
    },
    /** {@link SamplerStats#virtualPins}. */
    VIRTUAL_PINS("virtualPins", false, Merge.SUM, null) {
        @Override
        public long of(SamplerStats s) {
            return s.virtualPins;
        }

        @Override
        public void set(SamplerStats s, long v) {
            s.virtualPins = v;
        }
    };

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
    public abstract long of(SamplerStats s);

    /** Sets the counter in {@code s} (a profile read back). */
    public abstract void set(SamplerStats s, long v);

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
