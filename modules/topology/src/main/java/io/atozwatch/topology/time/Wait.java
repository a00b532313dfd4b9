package io.atozwatch.topology.time;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Objects;

/**
 * A waiting period as the rules state them: either a fixed duration ("7 calendar days", written
 * {@code P7D}) or a number of business days ("2 business days", written {@code 2BD}). Business days
 * skip Saturdays and Sundays and keep the time of day in the marketplace's zone.
 */
public final class Wait {
    private final Duration duration;
    private final int businessDays;

    private Wait(Duration duration, int businessDays) {
        this.duration = duration;
        this.businessDays = businessDays;
    }

    public static Wait of(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a wait cannot be negative: " + duration);
        }
        return new Wait(duration, -1);
    }

    public static Wait businessDays(int days) {
        if (days < 0) {
            throw new IllegalArgumentException("a wait cannot be negative: " + days + " business days");
        }
        return new Wait(null, days);
    }

    /** Parses {@code P1D}, {@code PT48H} (ISO-8601 durations) or {@code 2BD} (business days). */
    public static Wait parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.endsWith("BD")) {
            try {
                return businessDays(
                        Integer.parseInt(t.substring(0, t.length() - 2).trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number of business days: '" + text + "' (expected e.g. 2BD)");
            }
        }
        try {
            return of(Duration.parse(t));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a wait: '" + text
                    + "' (expected an ISO-8601 duration such as P7D, or business days such as 2BD)");
        }
    }

    /** The instant this wait ends when it starts at {@code start}, counting business days in {@code zone}. */
    public Instant after(Instant start, ZoneId zone) {
        if (duration != null) {
            return start.plus(duration);
        }
        ZonedDateTime t = start.atZone(zone);
        int left = businessDays;
        while (left > 0) {
            t = t.plusDays(1);
            if (!isWeekend(t.getDayOfWeek())) {
                left--;
            }
        }
        return t.toInstant();
    }

    private static boolean isWeekend(DayOfWeek day) {
        return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
    }

    @Override
    public String toString() {
        return duration != null ? duration.toString() : businessDays + "BD";
    }

    /** In words, for evidence and notification texts. */
    public String inWords() {
        if (duration == null) {
            return businessDays + (businessDays == 1 ? " business day" : " business days");
        }
        long days = duration.toDays();
        if (duration.equals(Duration.ofDays(days))) {
            return days + (days == 1 ? " calendar day" : " calendar days");
        }
        return duration.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Wait w && Objects.equals(duration, w.duration) && businessDays == w.businessDays;
    }

    @Override
    public int hashCode() {
        return Objects.hash(duration, businessDays);
    }
}
