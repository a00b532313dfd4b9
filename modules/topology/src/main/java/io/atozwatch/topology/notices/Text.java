package io.atozwatch.topology.notices;

import java.util.List;

/**
 * A text to be rendered in the merchant's language: a key of the {@code messages} bundle and its arguments,
 * each a {@link String} or a number (an id or a count, as is), an {@link java.time.Instant}, a
 * {@link java.time.LocalDate}, an {@link Amount}, a {@link Percent}, a {@link Count} or another {@code Text}.
 */
public record Text(String key, List<Object> args) {

    public Text {
        args = List.copyOf(args);
    }

    public static Text of(String key, Object... args) {
        return new Text(key, List.of(args));
    }

    /** An amount of money in minor units of its currency. */
    public record Amount(long minor, String currency) {}

    /** A rate, as a fraction (0.0125 is 1.25%), written with two decimals. */
    public record Percent(double fraction) {}

    /**
     * A number of things: {@code count.<noun>.one} or {@code count.<noun>.other} of the bundle, as the language
     * counts (French says "0 jour", English "0 days").
     */
    public record Count(long n, String noun) {}
}
