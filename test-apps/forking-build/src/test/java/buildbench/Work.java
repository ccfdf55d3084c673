package buildbench;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;

/** Counted CPU work for the build's tests, so each test method costs the same on a loaded machine. */
final class Work {
    private Work() {
    }

    static long sortRounds(int rounds) {
        Random r = new Random(7);
        long sum = 0;
        for (int i = 0; i < rounds; i++) {
            int[] a = r.ints(20_000).toArray();
            Arrays.sort(a);
            sum += a[a.length / 2];
        }
        return sum;
    }

    static byte[] digestRounds(int rounds) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[64 * 1024];
        for (int i = 0; i < rounds; i++) {
            block[i % block.length]++;
            md.update(block);
        }
        return md.digest();
    }

    static long primes(int limit) {
        long count = 0;
        for (int n = 2; n < limit; n++) {
            boolean prime = true;
            for (int d = 2; (long) d * d <= n; d++) {
                if (n % d == 0) {
                    prime = false;
                    break;
                }
            }
            count += prime ? 1 : 0;
        }
        return count;
    }
}
