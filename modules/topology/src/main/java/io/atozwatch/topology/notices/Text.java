package io.atozwatch.topology.notices;

import java.util.List;

/**
 * A text to be rendered in the merchant's language: a key of the {@code messages} bundle and its arguments,
 * each a {@link String} (an id, as is), an {@link java.time.Instant}, an {@link Amount} or another {@code Text}.
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
}
