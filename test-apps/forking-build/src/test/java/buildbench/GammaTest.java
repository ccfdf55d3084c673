package buildbench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GammaTest {
    @Test
    void countsPrimes() throws Exception {
        assertTrue(Work.primes(6_000_000) > 0);
    }
}
