package io.atozwatch.topology.merchants;

import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.topology.notices.Messages;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Pending-fact keys and the English reserve percentages read exactly as {@code String.format} wrote them before. */
class FormattingWithoutFormatterTest {

    @Test
    void aPendingKeyNumberIsZeroPaddedToNineteenDigitsAsTheFormatterDidIt() {
        long[] edges = {
            0,
            1,
            9,
            10,
            1_780_000_000_000L,
            999_999_999_999_999_999L,
            1_000_000_000_000_000_000L,
            Long.MAX_VALUE,
            -1,
            Long.MIN_VALUE
        };
        for (long n : edges) {
            assertThat(PendingKey.padded(n)).as("%d", n).isEqualTo(String.format("%019d", n));
        }
        Random random = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            long n = random.nextLong() >>> random.nextInt(64);
            assertThat(PendingKey.padded(n)).as("%d", n).isEqualTo(String.format("%019d", n));
        }
    }

    @Test
    void aPercentageIsSaidAsTheFormatterSaidIt() {
        double[] edges = {
            0,
            -0.0,
            0.01,
            0.005,
            0.00005,
            0.000125,
            0.0015,
            1,
            1.5,
            0.123456,
            1e-9,
            12345.678,
            -0.01,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.MIN_VALUE,
            1e300
        };
        for (double f : edges) {
            assertThat(Messages.englishPercent(f)).as("%s", f).isEqualTo(formatted(f));
        }
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            long orders = 1 + random.nextInt(100_000);
            double rate = (double) random.nextInt((int) orders + 1) / orders; // an ODR: defects over orders
            assertThat(Messages.englishPercent(rate)).as("%s", rate).isEqualTo(formatted(rate));
            double any = random.nextDouble() * Math.pow(10, random.nextInt(12) - 6);
            assertThat(Messages.englishPercent(any)).as("%s", any).isEqualTo(formatted(any));
        }
    }

    private static String formatted(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
    }
}
