package buildbench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeltaTest {
    @Test
    void sortsAndHashes() throws Exception {
        assertTrue(Work.sortRounds(500) != 0 && Work.digestRounds(8000).length == 32);
    }
}
