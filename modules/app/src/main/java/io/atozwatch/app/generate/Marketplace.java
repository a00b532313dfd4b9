package io.atozwatch.app.generate;

import io.atozwatch.topology.time.Wait;
import java.time.ZoneId;
import java.util.List;

/**
 * A marketplace the generator sells on: its currency, local time zone (for the day/night rhythm of
 * orders), share of orders, carriers, how many units of its currency a US dollar buys (to give amounts
 * the same spread everywhere), and how long buyers wait after contacting the merchant before claiming.
 */
record Marketplace(
        String code,
        String currency,
        ZoneId zone,
        double weight,
        List<String> carriers,
        double perUsd,
        Wait contactWait) {

    static final List<Marketplace> ALL = List.of(
            new Marketplace(
                    "US",
                    "USD",
                    ZoneId.of("America/New_York"),
                    0.38,
                    List.of("UPS", "FedEx", "USPS"),
                    1.0,
                    Wait.parse("P1D")),
            new Marketplace(
                    "GB",
                    "GBP",
                    ZoneId.of("Europe/London"),
                    0.14,
                    List.of("Royal Mail", "DPD", "Evri"),
                    0.79,
                    Wait.parse("2BD")),
            new Marketplace(
                    "DE",
                    "EUR",
                    ZoneId.of("Europe/Berlin"),
                    0.14,
                    List.of("DHL", "DPD", "Hermes"),
                    0.92,
                    Wait.parse("P1D")),
            new Marketplace(
                    "FR",
                    "EUR",
                    ZoneId.of("Europe/Paris"),
                    0.10,
                    List.of("Colissimo", "Chronopost", "DPD"),
                    0.92,
                    Wait.parse("P1D")),
            new Marketplace(
                    "IT",
                    "EUR",
                    ZoneId.of("Europe/Rome"),
                    0.05,
                    List.of("Poste Italiane", "BRT", "GLS"),
                    0.92,
                    Wait.parse("P1D")),
            new Marketplace(
                    "ES",
                    "EUR",
                    ZoneId.of("Europe/Madrid"),
                    0.05,
                    List.of("Correos", "SEUR", "MRW"),
                    0.92,
                    Wait.parse("P1D")),
            new Marketplace(
                    "IN",
                    "INR",
                    ZoneId.of("Asia/Kolkata"),
                    0.09,
                    List.of("Blue Dart", "Delhivery", "India Post"),
                    83.0,
                    Wait.parse("2BD")),
            new Marketplace(
                    "JP",
                    "JPY",
                    ZoneId.of("Asia/Tokyo"),
                    0.05,
                    List.of("Yamato", "Sagawa", "Japan Post"),
                    150.0,
                    Wait.parse("P1D")));

    static Marketplace of(String code) {
        return ALL.stream()
                .filter(m -> m.code.equals(code))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown marketplace " + code));
    }
}
