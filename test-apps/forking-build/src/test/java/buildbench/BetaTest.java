package buildbench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BetaTest {
    @Test
    void hashesBlocks() throws Exception {
        assertTrue(Work.digestRounds(16000).length == 32);
    }
}
