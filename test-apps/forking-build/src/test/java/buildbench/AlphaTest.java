package buildbench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AlphaTest {
    @Test
    void sortsNumbers() throws Exception {
        assertTrue(Work.sortRounds(1000) != 0);
    }
}
