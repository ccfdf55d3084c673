package dev.jflame.agent.cli;

/** Lines the CLI passes on from the agent to the user, on stderr beside its own. Stateless. */
final class Notes {
    private Notes() {
    }

    /** What the agent changed of what was asked: the engine (see the agent's AttachEngine), a memory budget too large for its heap. */
    static void engine(AgentClient agent) {
        String note = agent.startNote();
        if (note != null) {
            System.err.println("jflame: " + note);
        }
    }
}
