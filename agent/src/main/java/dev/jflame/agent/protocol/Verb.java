package dev.jflame.agent.protocol;

import dev.jflame.core.options.OptionException;

/** What a {@link Request} asks the agent to do, with the word that stands for it in the agent string. */
public enum Verb {
    START("start"),
    STOP("stop"),
    DUMP("dump"),
    STATUS("status");

    private final String word;

    Verb(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    /** @throws OptionException naming the word and the verbs there are */
    public static Verb named(String word) {
        StringBuilder known = new StringBuilder();
        for (Verb v : values()) {
            if (v.word.equals(word)) {
                return v;
            }
            known.append(known.length() == 0 ? "" : ", ").append(v.word);
        }
        throw new OptionException("unknown command '" + word + "'; expected " + known);
    }
}
