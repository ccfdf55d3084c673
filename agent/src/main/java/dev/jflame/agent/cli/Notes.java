package dev.jflame.agent.cli;

/** Lines the CLI passes on from the agent to the user, on stderr beside its own. Stateless. */
final class Notes {
    private Notes() {
    }

    /** The engine the agent chose where it is not the one asked for (see the agent's AttachEngine). */
    static void engine(AgentClient agent) {
        String note = agent.startNote();
        if (note != null) {
            System.err.println("jflame: " + note);
        }
    }
}
